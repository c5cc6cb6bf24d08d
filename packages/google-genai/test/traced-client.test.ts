import { describe, expect, it } from "vitest";
import { autolog, tracedGoogleGenAI } from "../src/index.js";
import { allTraces, collect, loadSdk, makeClient, MAJORS, useFakeAndStore } from "./helpers.js";

const fake = useFakeAndStore();

describe.each(MAJORS)("tracedGoogleGenAI(client), @google/genai v%i", (major) => {
  it("traces that client only (its chats too), and records each call once alongside autolog()", async () => {
    const copy = await loadSdk(major, "cjs");
    const traced = makeClient(copy, fake());
    const other = makeClient(copy, fake());
    expect(tracedGoogleGenAI(traced)).toBe(traced);
    await traced.models.generateContent({ model: "m", contents: "traced" });
    await collect(await traced.chats.create({ model: "m" }).sendMessageStream({ message: "chat" }));
    await other.models.generateContent({ model: "m", contents: "untraced" });
    expect((await allTraces()).map((t) => t.spans.map((s) => s.name))).toEqual([["Models.generateContent"], ["Models.generateContentStream"]]);

    autolog({ genai: copy.sdk });
    await traced.models.embedContent({ model: "e", contents: "once" });
    const traces = await allTraces();
    expect(traces).toHaveLength(3);
    expect(traces[2].spans.map((s) => s.name)).toEqual(["Models.embedContent"]);
  });
});

import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { allTraces, COPIES, loadSdk, makeClient, SECRET_KEY, useFakeAndStore } from "./helpers.js";
import { runScenario } from "./scenario.js";

const fake = useFakeAndStore();

describe.each(COPIES)("@google/genai v%i (%s): the caller sees exactly the same with and without autolog", (major, format) => {
  it("returns equal values, the same classes and generators, the same errors, aborts and early breaks", async () => {
    const copy = await loadSdk(major, format);
    const ai = makeClient(copy, fake()); // created before autolog()
    const without = await runScenario(copy, ai, fake());
    expect(await allTraces()).toHaveLength(0);

    autolog({ genai: copy.sdk });
    const withAutolog = await runScenario(copy, ai, fake());
    expect(withAutolog).toEqual(without);

    // the scenario exercised what it claims to
    const plain = without.plain as any;
    expect(plain.isResponseClass && plain.sameProto).toBe(true);
    expect(plain.text).toBe("Echo: hello there");
    expect((without.streamShape as any).asyncIterable).toBe(true);
    expect((without.streamChunks as any[]).map((c) => c.text ?? "").join("")).toBe("Echo: stream me please");
    expect(without.secondIteration).toEqual([]);
    expect(without.earlyBreak).toHaveLength(2);
    expect((without.functionCall as any).functionCalls).toEqual([{ name: "get_weather", args: { city: "Oslo" } }]);
    // the SDK keeps each streamed chunk as its own model turn
    expect((without.chatHistory as any[]).map((c) => c.role).join(" ")).toMatch(/^user model user( model)+$/);
    expect((without.embedding as any).isClass).toBe(true);
    expect(without.error400).toMatchObject({ class: "ApiError", status: 400 });
    expect(without.error503).toMatchObject({ class: "ApiError", status: 503 });
    expect((without.networkError as any).class).toBeTruthy();
    expect((without.streamError as any).error).toMatchObject({ class: "ApiError", status: 429 });
    expect((without.streamCut as any).read).toHaveLength(2);
    expect((without.abortBeforeAnswer as any).name).toBe("AbortError");
    expect((without.abortMidStream as any).error.name).toBe("AbortError");

    // one finished trace per request, none holding the key
    const traces = await allTraces();
    const names = traces.map((t) => t.spans[0].name);
    expect(names.filter((n) => n === "Models.generateContent")).toHaveLength(9);
    expect(names.filter((n) => n === "Models.generateContentStream")).toHaveLength(6);
    expect(names.filter((n) => n === "Models.embedContent")).toHaveLength(1);
    expect(traces.every((t) => t.spans.length === 1 && t.spans[0].endTimeNs !== null)).toBe(true);
    expect(JSON.stringify(traces.map((t) => t.toJSON()))).not.toContain(SECRET_KEY);
  });
});

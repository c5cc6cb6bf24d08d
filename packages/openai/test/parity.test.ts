import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { allTraces, loadSdk, makeClient, MAJORS, useFakeAndStore } from "./helpers.js";
import { runScenario } from "./scenario.js";

const fake = useFakeAndStore();

describe.each(MAJORS)("openai v%i: the caller sees exactly the same with and without autolog", (major) => {
  it("returns equal values, the same Stream class, working helpers and the same errors", async () => {
    const v = await loadSdk(major);
    const client = makeClient(v, fake()); // created before autolog()
    const without = await runScenario(v, client, fake());
    expect(await allTraces()).toHaveLength(0);

    autolog({ openai: v.sdk });
    const withAutolog = await runScenario(v, client, fake());
    expect(withAutolog).toEqual(without);

    expect(without.streamInstanceOf).toBe(true);
    expect(without.streamPrototype).toBe(true);
    expect((without.parsed as any).parsed).toEqual({ city: "Paris", temp: 21 });
    expect((without.runTools as any).content).toBe("Sum: 5");
    expect((without.streamHelper as any).final.choices[0].message.content).toBe("Echo: stream helper");
    expect(without.secondIteration).toMatch(/consumed/);
    expect((without.error400 as any).status).toBe(400);
    expect((without.earlyBreak as unknown[]).length).toBe(2);

    const traces = await allTraces();
    const names = traces.map((t) => t.spans[0].name);
    // one finished trace per request: 3 plain chat (incl. withResponse, asResponse), 5 streams (incl. tee,
    // readable, withResponse, early break), parse, stream helper, 2 runTools rounds, 3 errors; 2 responses (+ beta
    // in v6/v7), 2 completions, 1 embedding
    expect(names.filter((n) => n === "ChatCompletions")).toHaveLength(15);
    expect(names.filter((n) => n === "Responses")).toHaveLength(major >= 6 ? 3 : 2);
    expect(names.filter((n) => n === "Completions")).toHaveLength(2);
    expect(names.filter((n) => n === "Embeddings")).toHaveLength(1);
  });
});

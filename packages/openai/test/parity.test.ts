import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { allTraces, loadSdk, makeClient, MAJORS, useFakeAndStore } from "./helpers.js";
import { FAILED_PARSE_REPLIES, runScenario } from "./scenario.js";

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
    // readable, withResponse, early break), 3 parse (1 failing twice), stream helper, 2 runTools rounds, 3 errors;
    // 2 responses (+ beta in v6/v7), 2 completions, 1 embedding
    expect(names.filter((n) => n === "ChatCompletions")).toHaveLength(17);
    expect(names.filter((n) => n === "Responses")).toHaveLength(major >= 6 ? 3 : 2);
    expect(names.filter((n) => n === "Completions")).toHaveLength(2);
    expect(names.filter((n) => n === "Embeddings")).toHaveLength(1);

    // a parse() that fails after the response arrived: the span holds the response and its usage, and ends with
    // the error the caller got
    expect((without["parse: not json"] as any).name).toBe("SyntaxError");
    expect((without["parse: cut short"] as any).name).toBe("LengthFinishReasonError");
    for (const [content, reply] of Object.entries(FAILED_PARSE_REPLIES)) {
      const span = traces.map((t) => t.spans[0]).find((s) => (s.inputs as any)?.messages?.[0]?.content === content)!;
      const callerGot = withAutolog[content] as { name: string; message: string };
      expect(span.status.code).toBe("STATUS_CODE_ERROR");
      const exception = span.events.find((e) => e.name === "exception");
      expect(exception?.attributes["exception.type"]).toBe(callerGot.name);
      expect(exception?.attributes["exception.message"]).toBe(callerGot.message);
      expect((span.outputs as any).choices[0].message.content).toBe(reply.text);
      expect(span.attribute("finish_reason")).toBe(reply.finishReason);
      const usage = (span.outputs as any).usage;
      expect(usage.total_tokens).toBeGreaterThan(0);
      expect(span.tokenUsage).toEqual({ input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens, total_tokens: usage.total_tokens });
    }
  });
});

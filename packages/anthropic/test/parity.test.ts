import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { allTraces, loadSdk, makeClient, MAJORS, useFakeAndStore } from "./helpers.js";
import { runScenario } from "./scenario.js";

const fake = useFakeAndStore();

const COPIES = MAJORS.flatMap((major) => (["esm", "cjs"] as const).map((format) => [major, format] as const));

describe.each(COPIES)("@anthropic-ai/sdk %i.x (%s copy): the caller sees exactly the same with and without autolog", (major, format) => {
  it("returns equal values, the same Stream and MessageStream classes, working helpers and the same errors", async () => {
    const v = await loadSdk(major, format);
    const client = makeClient(v, fake()); // created before autolog()
    const without = await runScenario(v, client, fake());
    expect(await allTraces()).toHaveLength(0);

    autolog({ anthropic: v.sdk });
    const withAutolog = await runScenario(v, client, fake());
    expect(withAutolog).toEqual(without);

    expect((without.plain as any).content[0].text).toBe("Echo: hello");
    expect(without.streamInstanceOf).toBe(true);
    expect(without.secondIteration).toMatch(/consumed/);
    expect((without.tee as unknown[][])[0]).toEqual((without.tee as unknown[][])[1]);
    expect(without.earlyBreak as unknown[]).toHaveLength(2);
    expect((without.helper as any).instanceOf).toBe(true);
    expect((without.helper as any).finalText).toBe("Echo: helper");
    expect((without.helper as any).texts.join("")).toBe("Echo: helper");
    expect((without.parsed as any).parsed_output).toEqual({ city: "Paris", temp: 21 });
    expect((without.tools as any)[0].stop_reason).toBe("tool_use");
    expect((without.tools as any)[1].content[0].text).toBe("It is sunny in Paris.");
    expect(without.error429).toMatchObject({ name: "RateLimitError", status: 429, type: "rate_limit_error" });
    expect(without.error400).toMatchObject({ name: "BadRequestError", status: 400 });
    expect(without.streamError).toMatchObject({ name: major === 0 ? "InternalServerError" : "OverloadedError", status: 529 });
    // the SDK ends a stream whose signal is aborted without an error; a request aborted before it is sent throws
    expect(without.abort).toEqual({ threw: false });
    expect(without.abortSeen).toBe(3);
    expect(without.abortedBeforeSending).toMatchObject({ threw: true, name: "APIUserAbortError" });

    // one trace per request: plain, withResponse, asResponse, stream, tee, early break, 3 stream helpers, parse,
    // 2 tool rounds, beta, 3 errors (429, 400, overloaded stream helper), the aborted stream, the request aborted before it was sent — and countTokens
    const names = (await allTraces()).map((t) => t.spans[0].name);
    expect(names.filter((n) => n === "Messages.create")).toHaveLength(18);
    expect(names.filter((n) => n === "Messages.countTokens")).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { configure, flush, OtlpSink, shutdown, startSpan, TraceClient, withSpan } from "../../src/index.js";
import { isSampled } from "../../src/tracer/tracer.js";
import { setEnv } from "./helpers/env.js";
import { attributesOf } from "./helpers/otlp-proto.js";
import { startOtlpReceiver } from "./helpers/otlp-receiver.js";

let restoreEnv: () => void = () => {};
afterEach(async () => {
  await shutdown();
  restoreEnv();
});

const SPAN = "00f067aa0ba902b7";
/** Trace IDs whose last 8 hex digits place them at 0.0, ~0.25, ~0.5 and ~1.0 of the sampling range. */
const LOW = "4bf92f3577b34da6a3ce929d00000000";
const QUARTER = "4bf92f3577b34da6a3ce929d40000001";
const HALF = "4bf92f3577b34da6a3ce929d80000001";
const HIGH = "4bf92f3577b34da6a3ce929dffffffff";

async function storedIds(): Promise<string[]> {
  await flush();
  const page = await new TraceClient().searchTraces({ maxResults: 100 });
  return page.traces.map((t) => t.info.traceId.slice(3)).sort();
}

function traceWithId(traceId: string): void {
  startSpan({ name: "request", parent: { traceId, spanId: SPAN } }).end();
}

describe("sampling", () => {
  it("keeps a trace by its ID alone, so every service with the same ratio agrees", async () => {
    await configure({ trackingUri: "memory:", samplingRatio: 0.5 });
    for (const id of [LOW, QUARTER, HALF, HIGH]) traceWithId(id);
    expect(await storedIds()).toEqual([LOW, QUARTER]);
    for (const id of [LOW, QUARTER, HALF, HIGH]) expect(isSampled(id, 0.5)).toBe(id === LOW || id === QUARTER);
  });

  it("reads TRACELOOM_SAMPLING_RATIO", async () => {
    restoreEnv = setEnv({ TRACELOOM_SAMPLING_RATIO: "0.3" });
    await configure({ trackingUri: "memory:" });
    for (const id of [LOW, QUARTER, HALF, HIGH]) traceWithId(id);
    expect(await storedIds()).toEqual([LOW, QUARTER]);
  });

  it("keeps about the ratio over many random traces, and a sampled-out trace still runs the user's code", async () => {
    await configure({ trackingUri: "memory:", samplingRatio: 0.25 });
    let ran = 0;
    for (let i = 0; i < 400; i++) withSpan("r", () => ran++);
    expect(ran).toBe(400);
    const kept = (await new TraceClient().searchTraces({ maxResults: 1000 })).traces.length;
    expect(kept).toBeGreaterThan(50);
    expect(kept).toBeLessThan(150);
  });

  it("records nothing at ratio 0 and everything at 1", async () => {
    await configure({ trackingUri: "memory:", samplingRatio: 0 });
    for (const id of [LOW, HIGH]) traceWithId(id);
    expect(await storedIds()).toEqual([]);
    await configure({ trackingUri: "memory:", samplingRatio: 1 });
    for (const id of [LOW, HIGH]) traceWithId(id);
    expect(await storedIds()).toEqual([LOW, HIGH]);
  });
});

describe("redaction and payload caps", () => {
  it("applies the redact hook to inputs and outputs before anything leaves the process", async () => {
    const receiver = await startOtlpReceiver();
    try {
      const seen: string[] = [];
      await configure({
        trackingUri: "memory:",
        sinks: [new OtlpSink({ url: receiver.url })],
        redact: (value, ctx) => {
          seen.push(`${ctx.field}:${ctx.spanName}:${ctx.spanType}`);
          return JSON.parse(JSON.stringify(value).replace(/\b\d{4}-\d{4}-\d{4}-\d{4}\b/g, "[card]"));
        },
      });
      const traceId = withSpan({ name: "pay", spanType: "TOOL", inputs: { card: "4111-1111-1111-1111", amount: 5 } }, (span) => {
        span.setOutputs({ receipt: "charged 4111-1111-1111-1111" });
        return span.traceId;
      });
      await flush();

      const stored = await new TraceClient().getTrace(traceId);
      expect(stored!.spans[0].inputs).toEqual({ card: "[card]", amount: 5 });
      expect(stored!.spans[0].outputs).toEqual({ receipt: "charged [card]" });
      expect(seen).toEqual(["inputs:pay:TOOL", "outputs:pay:TOOL"]);
      const sent = JSON.stringify(receiver.spans().map((s) => attributesOf(s.attributes)));
      expect(sent).toContain("[card]");
      expect(sent).not.toContain("4111");
    } finally {
      await receiver.close();
    }
  });

  it("records a marker instead of the value when the redact hook throws", async () => {
    await configure({
      trackingUri: "memory:",
      logger: () => {},
      redact: () => {
        throw new Error("redactor bug");
      },
    });
    const traceId = withSpan({ name: "step", inputs: { secret: "s3cr3t" } }, (span) => span.traceId);
    await flush();
    const stored = await new TraceClient().getTrace(traceId);
    expect(stored!.spans[0].inputs).toBe("[redaction failed]");
    expect(JSON.stringify(stored!.toJSON())).not.toContain("s3cr3t");
  });

  it("caps each field at maxFieldBytes with a visible marker and the original size", async () => {
    await configure({ trackingUri: "memory:", maxFieldBytes: 100 });
    const big = "x".repeat(5_000);
    const traceId = withSpan({ name: "big", inputs: { doc: big } }, (span) => span.traceId);
    await flush();
    const stored = await new TraceClient().getTrace(traceId);
    const raw = stored!.spans[0].json.attributes["mlflow.spanInputs"];
    expect(raw.length).toBeLessThan(200);
    expect(String(stored!.spans[0].inputs)).toMatch(/^\{"doc":"x{50,}…\[truncated by traceloom: (more than )?\d{3,} chars in all\]$/);
  });
});

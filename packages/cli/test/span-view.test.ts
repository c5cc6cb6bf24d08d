import { Trace, type SpanJSON } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { PriceTable } from "../src/pricing/price-table.js";
import { spanViews } from "../src/server/span-view.js";
import { timelineLengthMs } from "../src/web/app/timeline.js";

/** More spans than a spread argument list (`Math.min(...spans)`) survives. */
const MANY = 200_000;

function manySpans(count: number): SpanJSON[] {
  const traceId = Buffer.alloc(16, 7).toString("base64");
  const spans: SpanJSON[] = [];
  for (let i = 0; i < count; i++) {
    const id = Buffer.alloc(8);
    id.writeUInt32BE(i + 1, 4);
    spans.push({
      trace_id: traceId,
      span_id: id.toString("base64"),
      parent_span_id: null,
      name: `s${i}`,
      // the earliest span is in the middle of the list, the latest one last
      start_time_unix_nano: 1_000_000_000 + Math.abs(i - count / 2) * 1_000,
      end_time_unix_nano: 1_000_000_000 + Math.abs(i - count / 2) * 1_000 + 500,
      events: [],
      status: { code: "STATUS_CODE_OK", message: "" },
      attributes: {},
    });
  }
  return spans;
}

describe("span views of a huge trace", () => {
  it("measures offsets from the earliest span without spreading the span list", () => {
    const trace = new Trace(
      { trace_id: "tr-07070707070707070707070707070707", trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: "0" } }, request_time: "2026-01-01T00:00:00.000Z", state: "OK", trace_metadata: {}, tags: {} },
      manySpans(MANY),
    );
    const views = spanViews(trace, new PriceTable());
    expect(views).toHaveLength(MANY);
    expect(views[0].startOffsetMs).toBe(0);
    expect(views[0].name).toBe(`s${MANY / 2}`);
    expect(views[MANY - 1].startOffsetMs).toBe((MANY / 2) * 1_000 / 1e6);
  });

  it("gives the viewer's timeline the latest span end, with a floor for empty or instant traces", () => {
    const views = Array.from({ length: MANY }, (_, i) => ({ startOffsetMs: i / 1000, durationMs: i === 10 ? 500 : null }));
    expect(timelineLengthMs(views)).toBe(500.01);
    expect(timelineLengthMs([])).toBe(0.001);
    expect(timelineLengthMs([{ startOffsetMs: 0, durationMs: 0 }])).toBe(0.001);
  });
});

import { describe, expect, it } from "vitest";
import type { EncodedTrace } from "../../src/store/writer/encoded-trace.js";
import { packBatch, packBatchBytes, unpackBatch, unpackBatchBytes } from "../../src/store/writer/packed-batch.js";

function encoded(id: string, spanNames: string[]): EncodedTrace {
  return {
    traceId: id,
    experimentId: "7",
    infoJson: JSON.stringify({ trace_id: id, tags: { "nul\u0000key": "a\u0000b", emoji: "🧵" } }),
    fields: { status: "OK", name: spanNames[0] ?? null, timestamp_ms: 1, execution_time_ms: null, trace_id: id, client_request_id: null, request_preview: "é", response_preview: null, input_tokens: 3, output_tokens: null, total_tokens: 3 },
    terms: [["tag:nul\u0000key", "a\u0000b"], ...spanNames.map((n): [string, string] => ["span.name", n])],
    spanJsons: spanNames.map((name) => JSON.stringify({ name, attributes: { "mlflow.spanInputs": JSON.stringify({ text: `x\u0000y ${name}` }) } })),
  };
}

describe("packed batches (the writer thread's wire format)", () => {
  it("round-trips traces whose texts hold U+0000, non-ASCII text and spans of any count", () => {
    const batch = [encoded("tr-1", ["root", "with\u0000nul", "ünï"]), encoded("tr-2", []), encoded("tr-3", ["only"])];
    expect(unpackBatch(packBatch(batch))).toEqual(batch);
    expect(unpackBatchBytes(packBatchBytes(batch))).toEqual(batch);
  });

  it("packs an empty batch as an empty string", () => {
    expect(unpackBatch(packBatch([]))).toEqual([]);
    expect(unpackBatchBytes(packBatchBytes([]))).toEqual([]);
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  assessmentValue,
  configure,
  deleteAssessment,
  getLastTraceId,
  logExpectation,
  logFeedback,
  SqliteTraceStore,
  TraceClient,
  updateAssessment,
  withSpan,
} from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-assessments-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Records one trace (root + a child span) in the configured store; returns its ID and the child's span ID. */
async function recordTrace(): Promise<{ traceId: string; childId: string }> {
  let childId = "";
  await withSpan({ name: "agent" }, async () => {
    await withSpan({ name: "llm" }, (s) => {
      childId = s.spanId;
    });
  });
  return { traceId: getLastTraceId()!, childId };
}

describe.each([
  ["memory", () => "memory:"],
  ["sqlite", () => join(dir, `a-${Math.random()}.db`)],
])("%s store: logFeedback / logExpectation", (_kind, uri) => {
  it("stores feedback and expectations with the trace in MLflow's assessment schema, on the trace or a span", async () => {
    await configure({ trackingUri: uri() });
    const { traceId, childId } = await recordTrace();
    const before = Date.now();
    const fb = await logFeedback({
      traceId,
      name: "user_feedback",
      value: false,
      rationale: "wrong city",
      source: { sourceType: "HUMAN", sourceId: "alice" },
      metadata: { ticket: "42" },
    });
    const ex = await logExpectation({ traceId, spanId: childId, name: "expected_facts", value: ["Paris", "France"] });
    expect(fb.assessment_id).toMatch(/^a-[0-9a-f]{32}$/);
    expect(ex.assessment_id).not.toBe(fb.assessment_id);

    const stored = (await new TraceClient().getTrace(traceId))!.info.json.assessments!;
    expect(stored).toEqual([fb, ex]);
    expect(stored[0]).toMatchObject({
      assessment_name: "user_feedback",
      trace_id: traceId,
      source: { source_type: "HUMAN", source_id: "alice" },
      feedback: { value: false },
      rationale: "wrong city",
      metadata: { ticket: "42" },
    });
    expect(Date.parse(stored[0].create_time)).toBeGreaterThanOrEqual(before - 1);
    expect(stored[0].last_update_time).toBe(stored[0].create_time);
    // A list value is JSON-encoded as MLflow's Expectation does; the default source is CODE/"default".
    expect(stored[1]).toMatchObject({
      span_id: childId,
      source: { source_type: "CODE", source_id: "default" },
      expectation: { serialized_value: { serialization_format: "JSON_FORMAT", value: '["Paris","France"]' } },
    });
    expect(assessmentValue(stored[1])).toEqual(["Paris", "France"]);
  });

  it("updates an assessment in place and deletes it", async () => {
    await configure({ trackingUri: uri() });
    const { traceId } = await recordTrace();
    const fb = await logFeedback({ traceId, name: "user_feedback", value: true, source: { sourceType: "HUMAN", sourceId: "bob" } });
    await new Promise((r) => setTimeout(r, 5));
    const updated = await updateAssessment({ traceId, assessmentId: fb.assessment_id, value: false, rationale: "on second look" });
    expect(updated).toMatchObject({ assessment_id: fb.assessment_id, feedback: { value: false }, rationale: "on second look", create_time: fb.create_time });
    expect(Date.parse(updated.last_update_time)).toBeGreaterThan(Date.parse(fb.create_time));
    const client = new TraceClient();
    expect((await client.getTrace(traceId))!.info.json.assessments).toEqual([updated]);

    await deleteAssessment(traceId, fb.assessment_id);
    expect((await client.getTrace(traceId))!.info.json).not.toHaveProperty("assessments");
    await expect(deleteAssessment(traceId, fb.assessment_id)).rejects.toThrow(/No assessment/);
  });

  it("refuses an unknown trace, a feedback without value or error, a bad span ID and non-string metadata", async () => {
    await configure({ trackingUri: uri() });
    const { traceId } = await recordTrace();
    await expect(logFeedback({ traceId: "tr-00000000000000000000000000000000", value: 1 })).rejects.toThrow(/No trace/);
    await expect(logFeedback({ traceId })).rejects.toThrow(/value or an error/);
    await expect(logFeedback({ traceId, value: 1, spanId: "xyz" })).rejects.toThrow(/span ID/);
    await expect(logFeedback({ traceId, value: 1, metadata: { n: 3 as unknown as string } })).rejects.toThrow(/strings/);
    await expect(logExpectation({ traceId, name: "", value: 1 })).rejects.toThrow(/name/);
    expect((await new TraceClient().getTrace(traceId))!.info.json).not.toHaveProperty("assessments");
  });

  it("records a judge's error as feedback without a value", async () => {
    await configure({ trackingUri: uri() });
    const { traceId } = await recordTrace();
    const fb = await logFeedback({ traceId, name: "relevance", error: new RangeError("judge timed out"), source: { sourceType: "LLM_JUDGE", sourceId: "gpt-judge" } });
    expect(fb.feedback).toMatchObject({ error: { error_code: "RangeError", error_message: "judge timed out" } });
    expect(fb.feedback).not.toHaveProperty("value");
  });
});

describe("sqlite store: assessments", () => {
  it("keep their place when more parts of the trace arrive, and survive reopening the file", async () => {
    const path = join(dir, "merge.db");
    await configure({ trackingUri: path });
    const { traceId } = await recordTrace();
    const fb = await logFeedback({ traceId, value: 0.5 });
    const store = new SqliteTraceStore(path);
    const trace = store.getTrace(traceId)!.toJSON();
    // Another part of the same trace (say from a worker thread) merges into the stored one.
    store.writeTraces([{ info: { ...trace.info, assessments: undefined }, data: { spans: trace.data.spans.slice(0, 1) } }]);
    store.close();
    const reopened = new SqliteTraceStore(path, { readonly: true });
    expect(reopened.getTrace(traceId)!.info.json.assessments).toEqual([fb]);
    reopened.close();
  });

  it("an assessment that overrides another marks that one invalid", () => {
    const store = new SqliteTraceStore(join(dir, "override.db"));
    const base = { trace_id: "tr-1", source: { source_type: "HUMAN" as const, source_id: "a" }, create_time: "2026-01-01T00:00:00Z", last_update_time: "2026-01-01T00:00:00Z" };
    store.writeTraces([
      {
        info: { trace_id: "tr-1", trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: "0" } }, request_time: base.create_time, state: "OK", trace_metadata: {}, tags: {} },
        data: { spans: [] },
      },
    ]);
    store.saveAssessment("tr-1", { ...base, assessment_id: "a-1", assessment_name: "q", feedback: { value: 1 } });
    store.saveAssessment("tr-1", { ...base, assessment_id: "a-2", assessment_name: "q", feedback: { value: 2 }, overrides: "a-1" });
    const list = store.getTrace("tr-1")!.info.json.assessments!;
    expect(list.map((a) => [a.assessment_id, a.valid])).toEqual([
      ["a-1", false],
      ["a-2", undefined],
    ]);
    expect(() => store.saveAssessment("tr-1", { ...base, assessment_id: "a-3", assessment_name: "q", feedback: { value: 3 }, overrides: "a-9" })).toThrow(/a-9/);
    expect(() => store.saveAssessment("tr-2", { ...base, assessment_id: "a-4", assessment_name: "q", feedback: { value: 3 } })).toThrow(/No trace/);
    store.close();
  });
});

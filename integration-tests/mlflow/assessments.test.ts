import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  configure,
  deleteAssessment,
  getLastTraceId,
  logExpectation,
  logFeedback,
  shutdown,
  updateAssessment,
  withSpan,
  type AssessmentJSON,
} from "@traceloom/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliBin } from "../support/cli-process.js";
import { runMlflowPython } from "../support/mlflow-python.js";
import { startMlflowServer, type MlflowServer } from "../support/mlflow-server.js";

let server: MlflowServer;
let dir: string;

beforeAll(async () => {
  server = await startMlflowServer("sqlite");
  dir = mkdtempSync(join(tmpdir(), "traceloom-assessments-"));
});

afterAll(async () => {
  await shutdown();
  server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Records a trace (an agent span with an LLM child); returns its ID and the child's span ID. */
async function recordTrace(question: string): Promise<{ traceId: string; spanId: string }> {
  let spanId = "";
  await withSpan({ name: "answer", inputs: { question } }, async () => {
    await withSpan({ name: "llm", spanType: "CHAT_MODEL" }, (s) => {
      spanId = s.spanId;
      return "Paris";
    });
    return "Paris";
  });
  return { traceId: getLastTraceId()!, spanId };
}

/** The assessments MLflow's Python client reads for each trace (`mlflow.get_trace(id).info.assessments`). */
function readBack(traceIds: string[]): Record<string, AssessmentJSON[] | null> {
  return runMlflowPython(server, "read_assessments.py", traceIds);
}

describe("assessments on a real MLflow server", () => {
  test("logFeedback / logExpectation / updateAssessment / deleteAssessment go to the server's assessments API when the tracking URI is the server", async () => {
    await configure({ trackingUri: server.uri });
    const { traceId, spanId } = await recordTrace("capital of France?");
    const thumbs = await logFeedback({
      traceId,
      name: "user_feedback",
      value: false,
      rationale: "too short",
      source: { sourceType: "HUMAN", sourceId: "alice" },
    });
    const judged = await logFeedback({ traceId, spanId, name: "relevance", value: 0.75, source: { sourceType: "LLM_JUDGE", sourceId: "judge-1" }, metadata: { run: "r1" } });
    const expected = await logExpectation({ traceId, name: "expected_facts", value: ["Paris", "France"], source: { sourceType: "HUMAN", sourceId: "alice" } });
    expect(thumbs.assessment_id).toMatch(/^a-/);
    await updateAssessment({ traceId, assessmentId: thumbs.assessment_id, value: true, rationale: "fine after all" });
    await deleteAssessment(traceId, judged.assessment_id);

    const got = readBack([traceId])[traceId]!;
    const byName = Object.fromEntries(got.map((a) => [a.assessment_name, a]));
    expect(Object.keys(byName).sort()).toEqual(["expected_facts", "user_feedback"]);
    expect(byName.user_feedback).toMatchObject({
      assessment_id: thumbs.assessment_id,
      trace_id: traceId,
      source: { source_type: "HUMAN", source_id: "alice" },
      feedback: { value: true },
      rationale: "fine after all",
    });
    expect(byName.expected_facts).toMatchObject({
      assessment_id: expected.assessment_id,
      expectation: { serialized_value: { serialization_format: "JSON_FORMAT", value: '["Paris", "France"]' } },
    });
  });

  test("feedback logged in the local store travels with the trace to MLflow through `traceloom traces push` (the MLflow exporter), keeping its IDs and times", async () => {
    const local = join(dir, "local.db");
    await configure({ trackingUri: local });
    const { traceId, spanId } = await recordTrace("capital of Italy?");
    const thumbs = await logFeedback({ traceId, name: "user_feedback", value: false, rationale: "said Paris", source: { sourceType: "HUMAN", sourceId: "bob" } });
    const judged = await logFeedback({ traceId, spanId, name: "correct", value: { score: 0, label: "wrong" }, source: { sourceType: "LLM_JUDGE", sourceId: "judge-1" } });
    const expected = await logExpectation({ traceId, name: "expected_response", value: "Rome" });
    await shutdown();

    const stdout = execFileSync(process.execPath, [cliBin, "traces", "push", traceId], {
      encoding: "utf8",
      env: { ...process.env, TRACELOOM_TRACKING_URI: local, MLFLOW_TRACKING_URI: server.uri },
      timeout: 120_000,
    });
    expect(stdout).toBe(`Pushed 1 of 1 trace(s) to ${server.uri}\n`);

    const got = readBack([traceId])[traceId]!;
    const byId = Object.fromEntries(got.map((a) => [a.assessment_id, a]));
    expect(Object.keys(byId).sort()).toEqual([thumbs, judged, expected].map((a) => a.assessment_id).sort());
    expect(byId[thumbs.assessment_id]).toMatchObject({
      assessment_name: "user_feedback",
      trace_id: traceId,
      source: { source_type: "HUMAN", source_id: "bob" },
      feedback: { value: false },
      rationale: "said Paris",
    });
    expect(byId[judged.assessment_id]).toMatchObject({ span_id: spanId, feedback: { value: { score: 0, label: "wrong" } } });
    expect(byId[expected.assessment_id]).toMatchObject({ assessment_name: "expected_response", expectation: { value: "Rome" } });
    expect(Date.parse(byId[thumbs.assessment_id].create_time)).toBe(Date.parse(thumbs.create_time));
  });
});

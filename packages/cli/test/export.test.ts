import { Trace } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { toGoldenJsonl, toGoldenRecord } from "../src/export/golden-jsonl.js";
import { toMlflowJson } from "../src/export/mlflow-json.js";

function traceWith(inputs: unknown, outputs: unknown, state: "OK" | "ERROR" = "OK", n = 1): Trace {
  return Trace.fromJSON({
    info: {
      trace_id: `tr-${String(n).repeat(32).slice(0, 32)}`,
      trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: "0" } },
      request_time: "2026-01-01T00:00:00.000Z",
      state,
      trace_metadata: {},
      tags: { "mlflow.traceName": "qa", team: "search" },
    },
    data: {
      spans: [
        {
          trace_id: Buffer.alloc(16, n).toString("base64"),
          span_id: Buffer.alloc(8, 1).toString("base64"),
          parent_span_id: null,
          name: "qa",
          start_time_unix_nano: 1,
          end_time_unix_nano: 2,
          events: [],
          status: { code: state === "OK" ? "STATUS_CODE_OK" : "STATUS_CODE_ERROR", message: "" },
          attributes: { "mlflow.spanInputs": JSON.stringify(inputs), "mlflow.spanOutputs": JSON.stringify(outputs) },
        },
      ],
    },
  });
}

describe("golden dataset records", () => {
  it("takes the root span's inputs as the request and its outputs as the expected response", () => {
    const record = toGoldenRecord(traceWith({ question: "Capital of France?" }, "Paris"));
    expect(record).toEqual({
      inputs: { question: "Capital of France?" },
      expectations: { expected_response: "Paris" },
      source: { trace: { trace_id: "tr-11111111111111111111111111111111" } },
      tags: { team: "search" },
    });
  });

  it("carries the trace's logged expectations (trace and span level, not overridden ones) beside the recorded response", () => {
    const json = traceWith({ question: "Capital of France?" }, "Paris").toJSON();
    const common = { trace_id: json.info.trace_id, source: { source_type: "HUMAN" as const, source_id: "ann" }, create_time: "2026-01-01T00:00:00Z", last_update_time: "2026-01-01T00:00:00Z" };
    json.info.assessments = [
      { ...common, assessment_id: "a-1", assessment_name: "expected_facts", expectation: { serialized_value: { serialization_format: "JSON_FORMAT", value: '["Paris"]' } } },
      { ...common, assessment_id: "a-2", assessment_name: "expected_response", span_id: "0101010101010101", expectation: { value: "Paris, France" } },
      { ...common, assessment_id: "a-3", assessment_name: "tone", expectation: { value: "terse" }, valid: false },
      { ...common, assessment_id: "a-4", assessment_name: "user_feedback", feedback: { value: false } },
    ];
    expect(toGoldenRecord(Trace.fromJSON(json))!.expectations).toEqual({ expected_response: "Paris, France", expected_facts: ["Paris"] });
  });

  it("wraps a non-object request and skips failed traces", () => {
    const lines = toGoldenJsonl([traceWith("hello", "hi", "OK", 1), traceWith({ q: 1 }, null, "ERROR", 2)]).trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]).inputs).toEqual({ request: "hello" });
  });
});

describe("MLflow JSON", () => {
  it("writes one trace as an object and several as an array, both loadable again", () => {
    const a = traceWith({ x: 1 }, 2, "OK", 1);
    const b = traceWith({ x: 3 }, 4, "OK", 2);
    const one = JSON.parse(toMlflowJson([a]));
    expect(Trace.fromJSON(one).traceId).toBe(a.traceId);
    const many = JSON.parse(toMlflowJson([a, b]));
    expect(many.map((t: unknown) => Trace.fromJSON(t as never).traceId)).toEqual([a.traceId, b.traceId]);
    expect(JSON.parse(toMlflowJson([a], true))).toHaveLength(1);
  });
});

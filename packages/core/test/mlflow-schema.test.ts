import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { SpanType, Trace, trace, withSpan, type TraceJSON } from "../src/index.js";
import { lastTrace, useMemoryStore } from "./helpers.js";

// Traces written by MLflow 3.6 itself (copied from shared/mlflow-reference).
const REFERENCE_DIR = join(__dirname, "fixtures/mlflow-reference");
const reference = (name: string): TraceJSON => JSON.parse(readFileSync(join(REFERENCE_DIR, name), "utf8"));

beforeEach(async () => {
  await useMemoryStore();
});

/** The JSON type of every field, recursively, with dynamic map keys (attributes, metadata, tags) left out. */
function shape(v: unknown): unknown {
  if (v === null) return "null";
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (typeof v === "object") return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, shape(x)]));
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

describe("MLflow trace schema v3", () => {
  it("loads MLflow's own traces and writes them back unchanged", () => {
    for (const name of ["chat-llm.json", "agent-tools.json", "error.json"]) {
      const json = reference(name);
      const t = Trace.fromJSON(json);
      expect(t.toJSON()).toEqual(json);
      expect(t.rootSpan?.parentId).toBeNull();
      for (const s of t.spans) expect(s.traceId).toBe(json.info.trace_id);
    }
    const agent = Trace.fromJSON(reference("agent-tools.json"));
    expect(agent.tokenUsage).toEqual({ input_tokens: 120, output_tokens: 30, total_tokens: 150 });
    expect(agent.searchSpans({ spanType: "TOOL" }).map((s) => s.attribute("retries"))).toEqual([2]);
  });

  it("matches the reference field by field: IDs, integer nanos, JSON-encoded attributes, metadata and tags", async () => {
    const flaky = trace(function flaky_tool(x: number) {
      throw new Error(`bad input: ${x}`);
    }, { spanType: SpanType.TOOL });
    const pipeline = trace(function pipeline(x: number) {
      return flaky(x);
    }, { spanType: SpanType.CHAIN });
    expect(() => pipeline(7)).toThrow("bad input: 7");
    const ours = (await lastTrace()).toJSON();
    const ref = reference("error.json");

    expect(Object.keys(ours).sort()).toEqual(Object.keys(ref).sort());
    const { tags: _t, trace_metadata: _m, ...oursInfo } = ours.info;
    const { tags: _rt, trace_metadata: _rm, ...refInfo } = ref.info;
    expect(shape(oursInfo)).toEqual(shape(refInfo));
    expect(ours.info.trace_id).toMatch(/^tr-[0-9a-f]{32}$/);
    expect(ours.info.request_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(ours.info.state).toBe("ERROR");
    expect(ours.info.request_preview).toBe('{"x":7}');
    expect(ours.info.response_preview).toBe("");
    expect(ours.info).not.toHaveProperty("assessments");
    expect(ours.info).not.toHaveProperty("client_request_id");

    for (const key of Object.keys(ref.info.trace_metadata)) expect(ours.info.trace_metadata, key).toHaveProperty(key);
    expect(ours.info.trace_metadata["mlflow.trace_schema.version"]).toBe("3");
    expect(JSON.parse(ours.info.trace_metadata["mlflow.traceInputs"])).toEqual({ x: 7 });
    expect(ours.info.trace_metadata["mlflow.traceOutputs"]).toBe("");
    const stats = JSON.parse(ours.info.trace_metadata["mlflow.trace.sizeStats"]);
    expect(Object.keys(stats).sort()).toEqual(Object.keys(JSON.parse(ref.info.trace_metadata["mlflow.trace.sizeStats"])).sort());
    expect(stats.num_spans).toBe(2);
    expect(Number(ours.info.trace_metadata["mlflow.trace.sizeBytes"])).toBe(stats.total_size_bytes);
    expect(ours.info.tags["mlflow.traceName"]).toBe("pipeline");

    expect(ours.data.spans).toHaveLength(2);
    ours.data.spans.forEach((span, i) => {
      const refSpan = ref.data.spans[i];
      expect(shape({ ...span, attributes: {}, events: [] })).toEqual(shape({ ...refSpan, attributes: {}, events: [] }));
      expect(Buffer.from(span.trace_id, "base64")).toHaveLength(16);
      expect(Buffer.from(span.span_id, "base64")).toHaveLength(8);
      expect(Buffer.from(span.trace_id, "base64").toString("hex")).toBe(ours.info.trace_id.slice(3));
      expect(Number.isInteger(span.start_time_unix_nano)).toBe(true);
      expect(Number.isInteger(span.end_time_unix_nano)).toBe(true);
      expect(span.end_time_unix_nano!).toBeGreaterThanOrEqual(span.start_time_unix_nano);
      expect(Object.keys(span.attributes).sort()).toEqual(Object.keys(refSpan.attributes).sort());
      for (const v of Object.values(span.attributes)) expect(() => JSON.parse(v)).not.toThrow();
      expect(span.attributes["mlflow.traceRequestId"]).toBe(JSON.stringify(ours.info.trace_id));
      expect(span.status.code).toBe("STATUS_CODE_ERROR");
      expect(span.status.message).toBe("Error: bad input: 7");
      expect(Object.keys(span.events[0].attributes).sort()).toEqual(Object.keys(refSpan.events[0].attributes).sort());
    });
    expect(ours.data.spans[0].parent_span_id).toBeNull();
    expect(ours.data.spans[1].parent_span_id).toBe(ours.data.spans[0].span_id);
    expect(ours.data.spans[1].attributes["mlflow.spanType"]).toBe('"TOOL"');
  });

  it("records LLM spans like the chat reference: token usage on the span and summed on the trace", async () => {
    const ref = reference("chat-llm.json");
    await withSpan({ name: "answer_question", spanType: SpanType.CHAIN, inputs: { question: "What is MLflow?" } }, async (root) => {
      await withSpan({ name: "ChatOpenAI", spanType: SpanType.CHAT_MODEL }, async (llm) => {
        llm.setInputs({ model: "gpt-4o-mini", messages: [{ role: "user", content: "What is MLflow?" }] });
        llm.setAttribute("mlflow.message.format", "openai");
        llm.setAttribute("invocation_params", { model: "gpt-4o-mini" });
        llm.setTokenUsage({ prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 });
        llm.setOutputs({ choices: [{ message: { role: "assistant", content: "An open-source MLOps platform." } }] });
      });
      root.setOutputs("An open-source MLOps platform.");
    });
    const ours = (await lastTrace()).toJSON();
    expect(ours.info.trace_metadata["mlflow.trace.tokenUsage"]).toBe(JSON.stringify({ input_tokens: 21, output_tokens: 9, total_tokens: 30 }));
    expect(JSON.parse(ours.info.trace_metadata["mlflow.trace.tokenUsage"])).toEqual(JSON.parse(ref.info.trace_metadata["mlflow.trace.tokenUsage"]));
    expect(JSON.parse(ours.data.spans[1].attributes["mlflow.chat.tokenUsage"])).toEqual(JSON.parse(ref.data.spans[1].attributes["mlflow.chat.tokenUsage"]));
    expect(Object.keys(ours.data.spans[1].attributes).sort()).toEqual(Object.keys(ref.data.spans[1].attributes).sort());
    expect(ours.info.response_preview).toBe(ref.info.response_preview);
  });

  it("does not count usage twice when a span and its ancestor both report it", async () => {
    await withSpan("agent", async () => {
      await withSpan({ name: "chain" }, async (chain) => {
        chain.setTokenUsage({ input_tokens: 10, output_tokens: 5 });
        await withSpan("inner_llm", async (llm) => llm.setTokenUsage({ input_tokens: 10, output_tokens: 5 }));
      });
      await withSpan("other_llm", async (llm) => llm.setTokenUsage({ input_tokens: 1, output_tokens: 2, total_tokens: 3 }));
    });
    expect((await lastTrace()).tokenUsage).toEqual({ input_tokens: 11, output_tokens: 7, total_tokens: 18 });
  });

  it("keeps event attribute values raw, not JSON-encoded", async () => {
    await withSpan("tool", async (s) => {
      s.addEvent("cache_miss", { key: "Paris", attempt: 1, ok: true, ratio: 0.5 }, 1700000000123456789);
    });
    const ev = (await lastTrace()).rootSpan!.events[0];
    expect(ev).toEqual({ name: "cache_miss", time_unix_nano: 1700000000123456789, attributes: { key: "Paris", attempt: 1, ok: true, ratio: 0.5 } });
  });
});

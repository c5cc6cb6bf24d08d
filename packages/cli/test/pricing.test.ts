import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sumTraceTokenUsage, Trace, type SpanJSON } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { traceCost, usageCost } from "../src/pricing/cost.js";
import { loadPriceTable, PriceTable, readPriceFile } from "../src/pricing/price-table.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-prices-"));

function span(id: string, parent: string | null, attributes: Record<string, unknown>): SpanJSON {
  const encoded = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, JSON.stringify(v)]));
  return {
    trace_id: Buffer.alloc(16, 1).toString("base64"),
    span_id: Buffer.from(id.padStart(16, "0"), "hex").toString("base64"),
    parent_span_id: parent === null ? null : Buffer.from(parent.padStart(16, "0"), "hex").toString("base64"),
    name: `s${id}`,
    start_time_unix_nano: 1,
    end_time_unix_nano: 2,
    events: [],
    status: { code: "STATUS_CODE_OK", message: "" },
    attributes: encoded,
  };
}

function traceOf(spans: SpanJSON[]): Trace {
  return new Trace(
    { trace_id: "tr-01010101010101010101010101010101", trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: "0" } }, request_time: "2026-01-01T00:00:00.000Z", state: "OK", trace_metadata: {}, tags: {} },
    spans,
  );
}

describe("PriceTable", () => {
  const table = new PriceTable();

  it("finds a model by its exact name, or with a date, -latest or @version suffix removed", () => {
    expect(table.priceFor("gpt-4o")).toEqual({ input: 2.5, output: 10 });
    expect(table.priceFor("gpt-4o-mini-2024-07-18")).toEqual({ input: 0.15, output: 0.6 });
    expect(table.priceFor("GPT-4o-2024-08-06")).toEqual({ input: 2.5, output: 10 });
    expect(table.priceFor("claude-sonnet-4-20250514")).toEqual({ input: 3, output: 15 });
    expect(table.priceFor("claude-3-5-sonnet-latest")).toEqual({ input: 3, output: 15 });
    expect(table.priceFor("claude-3-5-haiku@20241022")).toEqual({ input: 0.8, output: 4 });
    expect(table.priceFor("openai/gpt-4.1-mini")).toEqual({ input: 0.4, output: 1.6 });
    expect(table.priceFor("claude-haiku-4-5-20251001")).toEqual({ input: 1, output: 5 });
    expect(table.priceFor("claude-opus-4-1-20250805")).toEqual({ input: 15, output: 75 });
    expect(table.priceFor("anthropic/claude-sonnet-5-5")).toEqual({ input: 2, output: 10 });
  });

  it("prices Gemini models under the names the Gemini API and Vertex AI give them", () => {
    expect(table.priceFor("gemini-2.5-flash")).toEqual({ input: 0.3, output: 2.5 });
    expect(table.priceFor("models/gemini-2.5-pro")).toEqual({ input: 1.25, output: 10 });
    expect(table.priceFor("gemini-2.0-flash-001")).toEqual({ input: 0.1, output: 0.4 });
    expect(table.priceFor("google/gemini-2.5-flash-lite")).toEqual({ input: 0.1, output: 0.4 });
    expect(table.priceFor("gemini-1.5-flash-002")).toEqual({ input: 0.075, output: 0.3 });
    for (const model of ["gemini-2.5-flash-image", "gemini-2.5-flash-preview-tts", "gemini-2.5-flash-lite-preview"]) {
      expect([model, table.priceFor(model)]).toEqual([model, undefined]);
    }
  });

  it("does not give a model a price of another model that shares its first words", () => {
    for (const model of ["o3-pro", "o1-pro", "gpt-4.5-preview", "gpt-4o-audio-preview", "o3-deep-research", "claude-opus-4-2", "gpt-4oz", "llama-3-70b"]) {
      expect([model, table.priceFor(model)]).toEqual([model, undefined]);
    }
  });

  it("is extended and overridden by a price file", () => {
    const file = join(dir, "prices.json");
    writeFileSync(file, JSON.stringify({ "my-model": { input: 1, output: 2 }, "gpt-4o": { input: 5, output: 20 }, "gpt-4o-mini-2024-07-18": { input: 0.1, output: 0.5 } }));
    const extended = loadPriceTable(file);
    expect(extended.priceFor("my-model-20250101")).toEqual({ input: 1, output: 2 });
    expect(extended.priceFor("my-model-v2")).toBeUndefined();
    expect(extended.priceFor("gpt-4o-mini-2024-07-18")).toEqual({ input: 0.1, output: 0.5 });
    expect(extended.priceFor("gpt-4o")).toEqual({ input: 5, output: 20 });
    expect(extended.priceFor("gpt-4o-mini")).toEqual({ input: 0.15, output: 0.6 });
    expect(loadPriceTable(undefined, { TRACELOOM_PRICES: file }).priceFor("my-model")).toEqual({ input: 1, output: 2 });
  });

  it("rejects a malformed price file, naming the entry", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ "my-model": { input: "cheap" } }));
    expect(() => readPriceFile(bad)).toThrow(/"my-model" needs non-negative numbers/);
    writeFileSync(bad, "[1, 2]");
    expect(() => readPriceFile(bad)).toThrow(/must be a JSON object/);
    expect(() => readPriceFile(join(dir, "missing.json"))).toThrow(/Cannot read price file/);
  });
});

describe("cost", () => {
  const prices = new PriceTable();

  it("prices input and output tokens per million", () => {
    expect(usageCost({ input_tokens: 1_000_000, output_tokens: 500_000, total_tokens: 1_500_000 }, "gpt-4o-mini", prices)).toBeCloseTo(0.15 + 0.3, 10);
    expect(usageCost({ input_tokens: 10, output_tokens: 10, total_tokens: 20 }, "unknown-model", prices)).toBeUndefined();
  });

  it("sums a trace's spans, skipping usage already counted by an ancestor, and counts unpriced calls", () => {
    const usage = (i: number, o: number) => ({ input_tokens: i, output_tokens: o, total_tokens: i + o });
    const t = traceOf([
      span("1", null, { "mlflow.spanType": "AGENT" }),
      span("2", "1", { "mlflow.chat.tokenUsage": usage(1_000_000, 0), model: "gpt-4o" }),
      span("3", "2", { "mlflow.chat.tokenUsage": usage(1_000_000, 0), model: "gpt-4o" }),
      span("4", "1", { "mlflow.chat.tokenUsage": usage(0, 1_000_000), "mlflow.spanInputs": { model: "gpt-4o-mini" } }),
      span("5", "1", { "mlflow.chat.tokenUsage": usage(5, 5), model: "homegrown" }),
      span("6", "1", { "mlflow.chat.tokenUsage": usage(1_000_000, 1_000_000), model: "o3-pro" }),
    ]);
    const cost = traceCost(t, prices);
    expect(cost?.usd).toBeCloseTo(2.5 + 0.6, 10);
    expect(cost?.unpricedSpans).toBe(2);
    expect(traceCost(traceOf([span("1", null, {})]), prices)).toBeUndefined();
  });

  it("counts the same spans as the trace's token total: a usage attribute without token counts is no usage", () => {
    const spans = [
      span("1", null, { "mlflow.chat.tokenUsage": { note: "n/a" }, model: "gpt-4o" }),
      span("2", "1", { "mlflow.chat.tokenUsage": { prompt_tokens: 1_000_000, completion_tokens: 0 }, model: "gpt-4o" }),
    ];
    expect(sumTraceTokenUsage(spans)).toEqual({ input_tokens: 1_000_000, output_tokens: 0, total_tokens: 1_000_000 });
    expect(traceCost(traceOf(spans), prices)).toEqual({ usd: 2.5, unpricedSpans: 0 });
  });
});

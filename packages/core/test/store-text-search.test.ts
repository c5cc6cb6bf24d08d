import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilterSyntaxError, MemoryTraceStore, parseFilter, SqliteTraceStore, type TraceStore } from "../src/index.js";
import { MAX_WORD_CHARS, textWords, traceWords } from "../src/store/text-words.js";
import { specTrace, STATS_CORPUS } from "./fixtures/store/stats-corpus.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-text-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("free-text words", () => {
  it("splits on anything but letters and digits, lower-cases, and skips over-long runs", () => {
    expect(textWords("Golden-Gate_Bridge! opened in 1937; ZÜRICH")).toEqual(["golden", "gate", "bridge", "opened", "in", "1937", "zürich"]);
    expect(textWords(`ok ${"x".repeat(MAX_WORD_CHARS + 1)} ${"y".repeat(MAX_WORD_CHARS)}`)).toEqual(["ok", "y".repeat(MAX_WORD_CHARS)]);
  });

  it("indexes span names and the values of inputs and outputs, not their JSON keys", () => {
    const words = traceWords(specTrace(STATS_CORPUS[0]));
    expect(words).toEqual(["chat", "weather", "in", "paris", "today", "sunny", "and", "mild", "in", "paris", "llm"]);
    expect(words).not.toContain("question");
  });

  it("parses bare words, quoted phrases and trace.text LIKE as free-text clauses joined by AND", () => {
    expect(parseFilter("Paris")).toEqual([{ kind: "text", words: ["paris"], position: 0 }]);
    expect(parseFilter('"golden gate" AND status = \'OK\'')).toEqual([
      { kind: "text", words: ["golden", "gate"], position: 0 },
      { ref: { kind: "trace", field: "status" }, op: "=", value: "OK", position: 18 },
    ]);
    expect(parseFilter("golden gate")).toEqual([
      { kind: "text", words: ["golden"], position: 0 },
      { kind: "text", words: ["gate"], position: 7 },
    ]);
    expect(parseFilter("trace.text ILIKE '%Golden Gate%'")).toEqual([{ kind: "text", words: ["golden", "gate"], position: 0 }]);
    expect(parseFilter("gpt-4o")).toEqual([{ kind: "text", words: ["gpt", "4o"], position: 0 }]);
  });

  it.each([
    ['"!!!"', 0, "no words to search for"],
    ["trace.text = 'paris'", 0, "searches words: use trace.text LIKE '%words%'"],
    ["trace.text LIKE 'Paris%'", 0, "must be '%words%'"],
    ["Paris OR London", 6, "OR is not supported"],
    ["status = 'OK' Paris", 14, "expected AND or the end of the filter"],
    ["Paris!", 5, 'unexpected character "!"'],
  ])("rejects %j with a FilterSyntaxError at %i", (filter, position, reason) => {
    let error: unknown;
    try {
      parseFilter(filter);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FilterSyntaxError);
    expect((error as FilterSyntaxError).position).toBe(position);
    expect((error as Error).message).toContain(reason);
  });
});

describe.each([
  ["memory", () => new MemoryTraceStore()],
  ["sqlite", () => new SqliteTraceStore(join(dir, `text-${Math.random()}.db`))],
])("%s store free-text search", (_kind, makeStore: () => TraceStore) => {
  let store: TraceStore;
  beforeAll(() => {
    store = makeStore();
    store.writeTraces(STATS_CORPUS.map(specTrace));
  });
  afterAll(() => store.close());

  /** Trace numbers (STATS_CORPUS `n`) a filter finds, ascending. */
  const found = (filter: string) =>
    store
      .searchTraces({ filter, orderBy: ["timestamp_ms ASC"] })
      .traces.map((t) => parseInt(t.traceId.slice(3), 16));

  it("finds a word in any case, in inputs, outputs and span names", () => {
    expect(found("Paris")).toEqual([1, 5]);
    expect(found("pARIS")).toEqual([1, 5]);
    expect(found("ZÜRICH")).toEqual([6]);
    expect(found("1937")).toEqual([3]);
    expect(found("retrieve")).toEqual([3, 4]);
    expect(found("question")).toEqual([]);
    expect(store.countTraces({ filter: "llm" })).toBe(5);
  });

  it("matches a quoted phrase only as consecutive words; separate words in any order", () => {
    expect(found('"golden gate"')).toEqual([3]);
    expect(found("'Golden Gate Bridge'")).toEqual([3]);
    expect(found("golden gate")).toEqual([3, 4]);
    expect(found("trace.text LIKE '%golden gate%'")).toEqual([3]);
    expect(found("span.content ILIKE '%GATE%'")).toEqual([3, 4]);
  });

  it("combines free text with the other clauses by AND", () => {
    expect(found("Paris AND status = 'OK'")).toEqual([1, 5]);
    expect(found("paris AND tags.framework = 'langchain'")).toEqual([1]);
    expect(found("golden AND status = 'ERROR'")).toEqual([3]);
    expect(found("gate AND span.type = 'RETRIEVER' AND execution_time_ms > 350")).toEqual([4]);
    expect(store.traceStats({ filter: "paris", groupBy: "model" }).groups.map((g) => [g.key, g.count])).toEqual([["gpt-4o", 2]]);
  });

  it("keeps the words of a trace in step when it is merged, re-tagged or deleted", () => {
    const extra = specTrace({ n: 99, name: "late", atMs: STATS_CORPUS[0].atMs, execMs: 1, spans: [{ name: "root", type: "CHAIN", durUs: 1, inputs: "Lisbon" }] });
    store.writeTraces([extra]);
    expect(found("lisbon")).toEqual([99]);
    store.setTraceTag(extra.info.trace_id, "k", "v");
    expect(found("lisbon AND tags.k = 'v'")).toEqual([99]);
    const part = specTrace({ n: 99, name: "late", atMs: STATS_CORPUS[0].atMs, execMs: 1, spans: [{ name: "child", type: "TOOL", durUs: 1, outputs: "Porto" }] });
    part.data.spans[0].span_id = Buffer.from("00000000000009ff", "hex").toString("base64");
    store.writeTraces([{ ...part, data: { spans: [part.data.spans[0]] } }]);
    expect(found("lisbon AND porto")).toEqual([99]);
    expect(store.deleteTraces({ traceIds: [extra.info.trace_id] })).toBe(1);
    expect(found("lisbon")).toEqual([]);
  });
});

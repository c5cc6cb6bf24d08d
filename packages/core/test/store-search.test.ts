import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  configure,
  flush,
  FilterSyntaxError,
  MemoryTraceStore,
  SearchOptionError,
  SqliteTraceStore,
  SpanType,
  updateCurrentTrace,
  withSpan,
  type Trace,
  type TraceJSON,
  type TraceStore,
} from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-search-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Records 30 real traces through the tracer into a memory store and returns their JSON. */
async function recordCorpus(): Promise<TraceJSON[]> {
  await configure({ trackingUri: "memory:" });
  for (let i = 0; i < 30; i++) {
    const kind = i % 3 === 0 ? "agent" : i % 3 === 1 ? "rag" : "chat";
    try {
      await withSpan({ name: `${kind}_${i}`, spanType: SpanType.CHAIN, inputs: { q: `question ${i}` } }, async (root) => {
        updateCurrentTrace({ tags: { env: i % 2 ? "prod" : "dev", idx: String(i) }, metadata: { tenant: i < 10 ? "acme" : "globex" } });
        if (kind === "rag") await withSpan({ name: "retrieve", spanType: SpanType.RETRIEVER }, () => undefined);
        await withSpan({ name: i % 5 === 0 ? "ChatAnthropic" : "ChatOpenAI", spanType: SpanType.CHAT_MODEL }, (llm) => {
          llm.setTokenUsage({ input_tokens: i, output_tokens: 2 * i });
        });
        if (i % 7 === 0) throw new Error(`failure ${i}`);
        root.setOutputs(`answer ${i}`);
      });
    } catch {
      // failures are part of the corpus
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  const store = (await import("../src/runtime.js")).getRuntime().store!;
  await flush();
  return store.searchTraces({ maxResults: 100, orderBy: ["timestamp_ms ASC"] }).traces.map((t) => t.toJSON());
}

let corpus: TraceJSON[];
beforeAll(async () => {
  corpus = await recordCorpus();
});

const names = (traces: Trace[]) => traces.map((t) => t.info.name ?? "");
const nameOf = (i: number) => `${i % 3 === 0 ? "agent" : i % 3 === 1 ? "rag" : "chat"}_${i}`;
/** Names of the corpus traces whose index satisfies `pred`, in recording order. */
const where = (pred: (i: number) => boolean) => Array.from({ length: 30 }, (_, i) => i).filter(pred).map(nameOf);

describe.each([
  ["memory", () => new MemoryTraceStore()],
  ["sqlite", () => new SqliteTraceStore(join(dir, `search-${Math.random()}.db`))],
])("%s store search", (_kind, makeStore: () => TraceStore) => {
  let store: TraceStore;
  beforeAll(() => {
    store = makeStore();
    store.writeTraces(corpus.slice(0, 15));
    store.writeTraces(corpus.slice(15));
  });
  afterAll(() => store.close());

  const search = (filter: string, orderBy = ["timestamp_ms ASC"]) => names(store.searchTraces({ filter, orderBy, maxResults: 100 }).traces);

  it("stores every trace and reads it back identical", () => {
    expect(corpus).toHaveLength(30);
    for (const json of corpus) expect(store.getTrace(json.info.trace_id)?.toJSON()).toEqual(json);
    expect(store.getTrace("tr-00000000000000000000000000000001")).toBeUndefined();
  });

  it("filters by status, name, tags, metadata, spans, numbers and LIKE", () => {
    expect(search("status = 'ERROR'")).toEqual(where((i) => i % 7 === 0));
    expect(search("status = 'ERROR'")).toEqual(["agent_0", "rag_7", "chat_14", "agent_21", "rag_28"]);
    expect(search("name LIKE 'rag%' AND tags.env = 'prod'")).toEqual(where((i) => i % 3 === 1 && i % 2 === 1));
    expect(search("name LIKE 'RAG%'")).toEqual([]);
    expect(search("name ILIKE 'RAG_1%'")).toEqual(where((i) => i % 3 === 1 && String(i).startsWith("1")));
    expect(search("metadata.tenant = 'acme' AND span.type = 'RETRIEVER'")).toEqual(["rag_1", "rag_4", "rag_7"]);
    expect(search("span.name = 'ChatAnthropic' AND status = 'OK'")).toEqual(where((i) => i % 5 === 0 && i % 7 !== 0));
    expect(search("total_tokens >= 81")).toEqual(["agent_27", "rag_28", "chat_29"]);
    expect(search("tags.idx IN ('3', '4') ")).toEqual(["agent_3", "rag_4"]);
    expect(search("tags.missing = 'x'")).toEqual([]);
    expect(search("span.status = 'ERROR' AND name NOT LIKE 'agent%'")).toEqual(["rag_7", "chat_14", "rag_28"]);
    const t5 = corpus[5];
    expect(search(`trace_id = '${t5.info.trace_id}'`)).toEqual(["chat_5"]);
    const ts = Date.parse(corpus[27].info.request_time);
    expect(search(`timestamp_ms >= ${ts}`)).toEqual(["agent_27", "rag_28", "chat_29"]);
    expect(search("execution_time_ms >= 0")).toHaveLength(30);
  });

  it("matches patterns and negations on tags and span fields, whether the field has few values or many", () => {
    expect(search("span.name ILIKE 'chat%'")).toHaveLength(30);
    expect(search("span.name LIKE '%Anthropic'")).toEqual(where((i) => i % 5 === 0));
    expect(search("span.name NOT LIKE 'Chat%' AND span.type = 'RETRIEVER'")).toEqual(where((i) => i % 3 === 1));
    expect(search("tags.env != 'prod'")).toEqual(where((i) => i % 2 === 0));
    expect(search("tags.env NOT IN ('dev')")).toEqual(where((i) => i % 2 === 1));
    expect(search("tags.idx LIKE '2_'")).toEqual(where((i) => i >= 20));
    expect(search("tags.idx NOT LIKE '%1%' AND tags.env = 'dev'")).toEqual(where((i) => !String(i).includes("1") && i % 2 === 0));
    expect(search("span.type LIKE '%MODEL'")).toHaveLength(30);
    expect(search("tags.nope LIKE '%'")).toEqual([]);
    expect(search("name LIKE 'AGENT_2%'")).toEqual([]);
    expect(search("name ILIKE 'AGENT_2%'")).toEqual(where((i) => i % 3 === 0 && String(i).startsWith("2")));
    expect(search("span.name LIKE 'chatopenai'")).toEqual([]);
    expect(search("span.name ILIKE 'chatopenai' AND status = 'ERROR'")).toEqual(where((i) => i % 7 === 0 && i % 5 !== 0));
  });

  it("orders by any column, newest first by default, with a stable tie-break", () => {
    expect(names(store.searchTraces({ maxResults: 3 }).traces)).toEqual(["chat_29", "rag_28", "agent_27"]);
    expect(names(store.searchTraces({ orderBy: ["total_tokens DESC"], maxResults: 2 }).traces)).toEqual(["chat_29", "rag_28"]);
    expect(names(store.searchTraces({ orderBy: ["name ASC"], maxResults: 2 }).traces)).toEqual(["agent_0", "agent_12"]);
    const byStatus = store.searchTraces({ orderBy: ["status ASC", "timestamp_ms ASC"], maxResults: 100 }).traces;
    expect(byStatus.slice(0, 5).every((t) => t.info.state === "ERROR")).toBe(true);
    expect(() => store.searchTraces({ orderBy: ["colour DESC"] })).toThrow(/Invalid orderBy "colour DESC"/);
  });

  it("pages through results without gaps or repeats", () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = store.searchTraces({ maxResults: 7, pageToken, orderBy: ["timestamp_ms ASC"] });
      seen.push(...names(page.traces));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toEqual(corpus.map((t) => t.info.tags["mlflow.traceName"]));
    expect(() => store.searchTraces({ pageToken: "garbage" })).toThrow(/Invalid page token/);
  });

  it("loads only trace info when asked, and limits to experiments", () => {
    const page = store.searchTraces({ includeSpans: false, maxResults: 1 });
    expect(page.traces[0].spans).toEqual([]);
    expect(store.searchTraces({ experimentIds: ["0"], maxResults: 100 }).traces).toHaveLength(30);
    expect(store.searchTraces({ experimentIds: ["999"] }).traces).toHaveLength(0);
  });

  it("reports a malformed filter as a FilterSyntaxError naming the position", () => {
    expect(() => store.searchTraces({ filter: "status = 'OK' AND" })).toThrow(FilterSyntaxError);
    try {
      store.searchTraces({ filter: "name = 'x' AND tags.env ~ 'prod'" });
    } catch (e) {
      expect((e as FilterSyntaxError).position).toBe(24);
    }
    expect(search("name = 'x'' OR 1=1 --'")).toEqual([]);
  });

  it("matches a literal % or _ in LIKE when escaped with a backslash, and compares them plainly with =", () => {
    const [a, b] = [corpus[2].info.trace_id, corpus[3].info.trace_id];
    store.setTraceTag(a, "promo", "50%_off");
    store.setTraceTag(b, "promo", "50x-off");
    expect(search("tags.promo LIKE '50%'")).toEqual(["chat_2", "agent_3"]);
    expect(search(String.raw`tags.promo LIKE '50\%\_off'`)).toEqual(["chat_2"]);
    expect(search(String.raw`tags.promo LIKE '%\%%'`)).toEqual(["chat_2"]);
    expect(search(String.raw`tags.promo = '50\%\_off'`)).toEqual(["chat_2"]);
    expect(search("tags.promo = '50%_off'")).toEqual(["chat_2"]);
    store.deleteTraceTag(a, "promo");
    store.deleteTraceTag(b, "promo");
    expect(search("tags.promo LIKE '%'")).toEqual([]);
  });

  it("counts what a search finds over all its pages", () => {
    expect(store.countTraces()).toBe(30);
    expect(store.countTraces({ filter: "status = 'ERROR' AND span.type = 'CHAT_MODEL'" })).toBe(where((i) => i % 7 === 0).length);
    expect(store.countTraces({ filter: "span.type = 'RETRIEVER'" })).toBe(10);
    expect(store.countTraces({ filter: "tags.env = 'prod' AND metadata.tenant = 'acme'" })).toBe(5);
    expect(store.countTraces({ experimentIds: ["999"] })).toBe(0);
  });

  it("rejects crafted page tokens with a clear SearchOptionError", () => {
    for (const offset of [1e300, -1, 1.5, "7", null]) {
      const token = Buffer.from(JSON.stringify({ offset })).toString("base64url");
      expect(() => store.searchTraces({ pageToken: token })).toThrow(SearchOptionError);
      expect(() => store.searchTraces({ pageToken: token })).toThrow(/Invalid page token/);
    }
  });

  it("sets and deletes tags, creates experiments and deletes traces", () => {
    const id = corpus[0].info.trace_id;
    store.setTraceTag(id, "reviewed", "yes");
    expect(search("tags.reviewed = 'yes'")).toEqual(["agent_0"]);
    expect(store.getTrace(id)!.info.tags.reviewed).toBe("yes");
    store.deleteTraceTag(id, "reviewed");
    expect(search("tags.reviewed = 'yes'")).toEqual([]);
    expect(() => store.setTraceTag("tr-nope", "a", "b")).toThrow(/No trace/);
    const exp = store.getOrCreateExperiment("evals");
    expect(store.getOrCreateExperiment("evals")).toBe(exp);
    expect(store.listExperiments().map((e) => [e.name, e.traceCount])).toEqual([["Default", 30], ["evals", 0]]);
    expect(store.deleteTraces({ traceIds: [corpus[1].info.trace_id, "tr-unknown"] })).toBe(1);
    expect(store.getTrace(corpus[1].info.trace_id)).toBeUndefined();
    expect(search("span.name = 'retrieve' AND name = 'rag_1'")).toEqual([]);
    expect(store.deleteTraces({ maxTraces: 2 })).toBe(2);
    expect(store.searchTraces({ maxResults: 100 }).traces).toHaveLength(27);
  });
});

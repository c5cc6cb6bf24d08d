import { configure, flush, getLastTraceId, TraceClient, type Trace } from "../src/index.js";

/** Points tracing at a fresh in-memory store. */
export async function useMemoryStore(): Promise<TraceClient> {
  await configure({ trackingUri: "memory:" });
  return new TraceClient();
}

/** The last finished trace, read back from the store. */
export async function lastTrace(client = new TraceClient()): Promise<Trace> {
  await flush();
  const id = getLastTraceId();
  if (!id) throw new Error("no trace was finished");
  const t = await client.getTrace(id);
  if (!t) throw new Error(`trace ${id} not in the store`);
  return t;
}

/** Every trace in the store, oldest first. */
export async function allTraces(client = new TraceClient()): Promise<Trace[]> {
  const out: Trace[] = [];
  let pageToken: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await client.searchTraces({ orderBy: ["timestamp_ms ASC"], maxResults: 500, pageToken });
    out.push(...page.traces);
    pageToken = page.nextPageToken;
    if (!pageToken) break;
  }
  return out;
}

/** Span name → parent span name, for asserting tree shapes. */
export function parentNames(t: Trace): Record<string, string | null> {
  const byId = new Map(t.spans.map((s) => [s.spanId, s.name]));
  return Object.fromEntries(t.spans.map((s) => [s.name, s.parentId === null ? null : (byId.get(s.parentId) ?? "?")]));
}

export const tick = (ms = 1) => new Promise((r) => setTimeout(r, ms));

import { configure, flush, TraceClient, type Span, type Trace } from "@traceloom/core";

/** Points tracing at a fresh in-memory store. */
export async function useMemoryStore(): Promise<TraceClient> {
  await configure({ trackingUri: "memory:" });
  return new TraceClient();
}

/** Every trace in the store, oldest first. */
export async function allTraces(client: TraceClient): Promise<Trace[]> {
  await flush();
  const page = await client.searchTraces({ orderBy: ["timestamp_ms ASC"], maxResults: 500 });
  return page.traces;
}

/** The only trace in the store (fails when there is not exactly one). */
export async function onlyTrace(client: TraceClient): Promise<Trace> {
  const traces = await allTraces(client);
  if (traces.length !== 1) throw new Error(`expected 1 trace, got ${traces.length}: ${traces.map((t) => t.spans[0]?.name).join(", ")}`);
  return traces[0];
}

/** The tree as indented "name [TYPE]" lines, children in start order — one string to compare a whole shape. */
export function treeOf(trace: Trace): string {
  const children = new Map<string | null, Span[]>();
  for (const s of trace.spans) {
    const list = children.get(s.parentId) ?? [];
    list.push(s);
    children.set(s.parentId, list);
  }
  const lines: string[] = [];
  const walk = (parent: string | null, depth: number) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.startTimeNs - b.startTimeNs);
    for (const s of list) {
      lines.push(`${"  ".repeat(depth)}${s.name} [${s.spanType}]`);
      if (depth < 50) walk(s.spanId, depth + 1);
    }
  };
  walk(null, 0);
  return lines.join("\n");
}

/** The spans named `name`, in start order. */
export function spansNamed(trace: Trace, name: string): Span[] {
  return trace.spans.filter((s) => s.name === name).sort((a, b) => a.startTimeNs - b.startTimeNs);
}

/** The one span named `name` (fails when there is not exactly one). */
export function spanNamed(trace: Trace, name: string): Span {
  const found = spansNamed(trace, name);
  if (found.length !== 1) throw new Error(`expected one span "${name}", got ${found.length}`);
  return found[0];
}

/** Every span lies within its parent's time range. */
export function childrenWithinParents(trace: Trace): boolean {
  const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
  return trace.spans.every((s) => {
    const parent = s.parentId ? byId.get(s.parentId) : undefined;
    if (!parent) return true;
    return s.startTimeNs >= parent.startTimeNs && (s.endTimeNs ?? 0) <= (parent.endTimeNs ?? 0);
  });
}

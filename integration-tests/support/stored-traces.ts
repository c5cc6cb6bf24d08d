import { existsSync } from "node:fs";
import { SqliteTraceStore, type Span, type Trace } from "@traceloom/core";

/** Every trace an app wrote to the SQLite store at `path`, oldest first (none when the app created no store). */
export function readStoredTraces(path: string): Trace[] {
  if (!existsSync(path)) return [];
  const store = new SqliteTraceStore(path);
  try {
    return store.searchTraces({ orderBy: ["timestamp_ms ASC"], maxResults: 500 }).traces;
  } finally {
    store.close();
  }
}

/** A trace as indented `name [TYPE]` lines, children in start order: one string to compare a whole tree. */
export function treeOf(trace: Trace): string {
  const children = new Map<string | null, Span[]>();
  for (const span of trace.spans) {
    const siblings = children.get(span.parentId) ?? [];
    siblings.push(span);
    children.set(span.parentId, siblings);
  }
  const lines: string[] = [];
  const walk = (parent: string | null, depth: number): void => {
    for (const span of (children.get(parent) ?? []).sort((a, b) => a.startTimeNs - b.startTimeNs)) {
      lines.push(`${"  ".repeat(depth)}${span.name} [${span.spanType}]`);
      walk(span.spanId, depth + 1);
    }
  };
  walk(null, 0);
  return lines.join("\n");
}

/** The trace's summed token usage (`mlflow.trace.tokenUsage`), parsed; undefined when absent. */
export function traceTokenUsage(trace: Trace): unknown {
  const raw = trace.info.metadata["mlflow.trace.tokenUsage"];
  return raw === undefined ? undefined : JSON.parse(raw);
}

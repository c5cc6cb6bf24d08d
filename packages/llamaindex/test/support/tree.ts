import type { Span, Trace } from "@traceloom/core";

/** One line per span, indented under its parent: `TYPE name`, children in start order. */
export function treeOf(trace: Trace): string {
  const lines: string[] = [];
  const visit = (span: Span, depth: number) => {
    lines.push(`${"  ".repeat(depth)}${span.spanType} ${span.name}`);
    const children = trace.childrenOf(span.spanId).sort((a, b) => a.startTimeNs - b.startTimeNs);
    for (const child of children) visit(child, depth + 1);
  };
  const root = trace.rootSpan;
  if (root) visit(root, 0);
  return lines.join("\n");
}

/** The single span of `trace` with this name (fails the test when there is not exactly one). */
export function onlySpan(trace: Trace, name: string | RegExp): Span {
  const spans = trace.searchSpans({ name });
  if (spans.length !== 1) throw new Error(`expected one span ${String(name)}, found ${spans.length}`);
  return spans[0]!;
}

/** A span as the fixture applications print it: ids, start time and `TYPE name`. */
export interface SpanRecord {
  id: string;
  parent: string | null;
  start: number;
  label: string;
}

/** {@link treeOf} for the spans of one trace printed by a fixture application. */
export function treeOfRecords(spans: SpanRecord[]): string {
  const lines: string[] = [];
  const visit = (parent: string | null, depth: number) => {
    const children = spans.filter((s) => s.parent === parent).sort((a, b) => a.start - b.start);
    for (const child of children) {
      lines.push(`${"  ".repeat(depth)}${child.label}`);
      if (depth < spans.length) visit(child.id, depth + 1);
    }
  };
  visit(null, 0);
  return lines.join("\n");
}

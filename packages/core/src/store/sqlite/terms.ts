import type { TraceJSON } from "../../entities/trace.js";
import type { FieldRef } from "../filter/ast.js";
import { spanFacts, type SpanFact } from "../trace-facts.js";

/** The `fields` name of a tag, metadata or span field: what `terms.field` points at. */
export function termFieldName(ref: Exclude<FieldRef, { kind: "trace" }>): string {
  switch (ref.kind) {
    case "tag":
      return `tag:${ref.key}`;
    case "metadata":
      return `metadata:${ref.key}`;
    case "span":
      return `span.${ref.field}`;
  }
}

/** The distinct (field name, value) pairs of a trace that `terms` indexes; `facts` when already derived. */
export function traceTerms(trace: TraceJSON, facts: SpanFact[] = spanFacts(trace)): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  const add = (field: string, value: string) => {
    const key = `${field}\u0000${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push([field, value]);
  };
  for (const [key, value] of Object.entries(trace.info.tags)) add(termFieldName({ kind: "tag", key }), value);
  for (const [key, value] of Object.entries(trace.info.trace_metadata)) add(termFieldName({ kind: "metadata", key }), value);
  for (const f of facts) {
    add("span.name", f.name);
    add("span.type", f.type);
    add("span.status", f.status);
  }
  return out;
}

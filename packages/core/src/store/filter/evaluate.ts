import { isTextSearch, type Comparison, type Literal, type ParsedFilter, type TraceField } from "./ast.js";
import { containsPhrase } from "../text-words.js";
import { likeToRegExp } from "./like.js";
import type { SpanFact } from "../trace-facts.js";

/** The searchable facts of one trace, as the in-memory store sees them. */
export interface SearchableTrace {
  fields: Record<TraceField, string | number | null>;
  tags: Record<string, string>;
  metadata: Record<string, string>;
  spans: SpanFact[];
  /** The trace's free-text words (text-words.ts). */
  words: string[];
}

/** True when `trace` satisfies every clause of `filter`. */
export function matchesFilter(trace: SearchableTrace, filter: ParsedFilter): boolean {
  return filter.every((c) => (isTextSearch(c) ? containsPhrase(trace.words, c.words) : matchesClause(trace, c)));
}

function matchesClause(t: SearchableTrace, c: Comparison): boolean {
  switch (c.ref.kind) {
    case "trace":
      return compare(t.fields[c.ref.field], c);
    case "tag":
      return compare(t.tags[c.ref.key] ?? null, c);
    case "metadata":
      return compare(t.metadata[c.ref.key] ?? null, c);
    case "span": {
      const field = c.ref.field;
      return t.spans.some((s) => compare(s[field], c));
    }
  }
}

/** SQL semantics: a missing value (NULL) satisfies no comparison. */
function compare(actual: string | number | null, c: Comparison): boolean {
  if (actual === null || actual === undefined) return false;
  const v = c.value;
  switch (c.op) {
    case "=":
      return actual === v;
    case "!=":
      return actual !== v;
    case "<":
      return actual < (v as Literal);
    case "<=":
      return actual <= (v as Literal);
    case ">":
      return actual > (v as Literal);
    case ">=":
      return actual >= (v as Literal);
    case "LIKE":
      return likeToRegExp(v as string, false).test(String(actual));
    case "ILIKE":
      return likeToRegExp(v as string, true).test(String(actual));
    case "NOT LIKE":
      return !likeToRegExp(v as string, false).test(String(actual));
    case "IN":
      return (v as Literal[]).includes(actual);
    case "NOT IN":
      return !(v as Literal[]).includes(actual);
  }
}

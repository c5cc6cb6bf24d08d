/** Trace columns a filter can compare. */
export type TraceField =
  | "status"
  | "name"
  | "timestamp_ms"
  | "execution_time_ms"
  | "trace_id"
  | "client_request_id"
  | "request_preview"
  | "response_preview"
  | "input_tokens"
  | "output_tokens"
  | "total_tokens";

/** What the left side of a comparison names. */
export type FieldRef =
  | { kind: "trace"; field: TraceField }
  | { kind: "tag"; key: string }
  | { kind: "metadata"; key: string }
  | { kind: "span"; field: "name" | "type" | "status" };

/** Comparison operators (`<>` is read as `!=`). */
export type Operator = "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "ILIKE" | "NOT LIKE" | "IN" | "NOT IN";

/** A literal on the right side. */
export type Literal = string | number;

/** One `field OP value` clause. */
export interface Comparison {
  ref: FieldRef;
  op: Operator;
  value: Literal | Literal[];
  position: number;
}

/**
 * Free text: a bare word, a quoted phrase, or `trace.text LIKE '%…%'`. Matches traces whose indexed words (span
 * names, inputs and outputs; see text-words.ts) contain `words` consecutively, case-insensitively.
 */
export interface TextSearch {
  kind: "text";
  /** Lower-cased words, in order (one word, or a phrase). */
  words: string[];
  position: number;
}

/** One clause of a filter. */
export type FilterClause = Comparison | TextSearch;

/** A parsed filter: clauses joined by AND (the MLflow grammar has no OR). */
export type ParsedFilter = FilterClause[];

/** Whether a clause is free text. */
export function isTextSearch(c: FilterClause): c is TextSearch {
  return (c as TextSearch).kind === "text";
}

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

/** A parsed filter: clauses joined by AND (the MLflow grammar has no OR). */
export type ParsedFilter = Comparison[];

import type { Comparison, Literal, ParsedFilter, TraceField } from "./ast.js";

/** A WHERE fragment with its positional parameters. */
export interface SqlFragment {
  sql: string;
  params: (string | number)[];
}

const TRACE_COLUMN: Record<TraceField, string> = {
  status: "t.state",
  name: "t.name",
  timestamp_ms: "t.timestamp_ms",
  execution_time_ms: "t.execution_time_ms",
  trace_id: "t.trace_id",
  client_request_id: "t.client_request_id",
  request_preview: "t.request_preview",
  response_preview: "t.response_preview",
  input_tokens: "t.input_tokens",
  output_tokens: "t.output_tokens",
  total_tokens: "t.total_tokens",
};

/**
 * Compiles a parsed filter to SQLite over `traces t`, `trace_tags`, `trace_metadata` and `spans`.
 * Values are always bound parameters, never spliced into the SQL text. Expects `PRAGMA case_sensitive_like = ON`.
 */
export function filterToSql(filter: ParsedFilter): SqlFragment {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const c of filter) {
    const { sql, params: p } = clauseToSql(c);
    parts.push(sql);
    params.push(...p);
  }
  return { sql: parts.length ? parts.join(" AND ") : "1", params };
}

function clauseToSql(c: Comparison): SqlFragment {
  switch (c.ref.kind) {
    case "trace":
      return predicate(TRACE_COLUMN[c.ref.field], c, []);
    case "tag":
    case "metadata": {
      const table = c.ref.kind === "tag" ? "trace_tags" : "trace_metadata";
      const inner = predicate("x.value", c, [c.ref.key]);
      return { sql: `EXISTS (SELECT 1 FROM ${table} x WHERE x.trace_id = t.trace_id AND x.key = ? AND ${inner.sql})`, params: inner.params };
    }
    case "span": {
      const inner = predicate(`s.${c.ref.field}`, c, []);
      return { sql: `EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = t.trace_id AND ${inner.sql})`, params: inner.params };
    }
  }
}

function predicate(column: string, c: Comparison, leading: (string | number)[]): SqlFragment {
  const params = [...leading];
  const v = c.value;
  switch (c.op) {
    case "ILIKE":
      params.push(v as string);
      return { sql: `lower(${column}) LIKE lower(?)`, params };
    case "IN":
    case "NOT IN": {
      const list = v as Literal[];
      params.push(...list);
      return { sql: `${column} ${c.op} (${list.map(() => "?").join(", ")})`, params };
    }
    default:
      params.push(v as Literal);
      return { sql: `${column} ${c.op} ?`, params };
  }
}

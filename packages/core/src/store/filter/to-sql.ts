import { isTextSearch, type Comparison, type FilterClause, type Literal, type ParsedFilter, type TraceField } from "./ast.js";
import { termFieldName } from "../sqlite/terms.js";

/** A WHERE fragment with its positional parameters. */
export interface SqlFragment {
  sql: string;
  params: (string | number)[];
}

/** The SQL function every scan calls per row, which stops the statement at its deadline (see query-deadline.ts). */
export const CONTINUE_FN = "tl_continue";

/** What the compiler asks the store about a term field (a tag, metadata key or span field). */
export interface TermFields {
  /** The `fields` ID of a term field name, or undefined when no stored trace has that field. */
  id(name: string): number | undefined;
  /** True when the field has few distinct values (at most {@link FEW_VALUES}), e.g. span types or names. */
  hasFewValues(fieldId: number): boolean;
}

/** Distinct values up to which a pattern is matched against the values rather than against every trace's entry. */
export const FEW_VALUES = 512;

/**
 * The field's distinct values, one index seek each (a "loose index scan"); both `?` are the field ID. Used only up
 * to FEW_VALUES + 1 values, so it needs no deadline check.
 */
export const DISTINCT_VALUES_SQL = `WITH RECURSIVE d(v) AS (
  SELECT (SELECT min(value) FROM terms WHERE field = ?)
  UNION ALL SELECT (SELECT min(value) FROM terms WHERE field = ? AND value > d.v) FROM d WHERE d.v IS NOT NULL
) SELECT v FROM d WHERE v IS NOT NULL`;

const LIKE_OPS = new Set(["LIKE", "ILIKE", "NOT LIKE"]);
/** Operators the `terms` index answers directly (the grammar allows no ranges on tags, metadata or spans). */
const INDEXABLE_OPS = new Set(["=", "IN"]);


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
 * Compiles a parsed filter to SQLite over `traces t` (schema 3). Trace fields compare indexed columns; tags,
 * metadata and span fields become `t.id IN (…)` over one index range of `terms`, so no clause walks anything per
 * trace. Values are always bound parameters. LIKE uses `\` as its escape character (`\%` is a literal percent sign).
 */
export function filterToSql(filter: ParsedFilter, fields: TermFields): SqlFragment {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const c of filter) {
    const { sql, params: p } = clauseToSql(c, fields);
    parts.push(sql);
    params.push(...p);
  }
  return { sql: parts.length ? parts.join(" AND ") : "1", params };
}

/** The FTS5 query of a phrase: the words (letters and digits only, so never a quote) as one quoted phrase. */
export function ftsPhrase(words: readonly string[]): string {
  return `"${words.join(" ")}"`;
}

function clauseToSql(clause: FilterClause, fields: TermFields): SqlFragment {
  if (isTextSearch(clause)) {
    // One lookup in the full-text index (schema 3's `trace_text`, keyed by the trace's row key).
    return {
      sql: `+t.id IN (SELECT rowid FROM trace_text WHERE trace_text MATCH ? AND ${continueCheck("rowid", 1023)})`,
      params: [ftsPhrase(clause.words)],
    };
  }
  const c: Comparison = clause;
  if (c.ref.kind === "trace") {
    const column = TRACE_COLUMN[c.ref.field];
    if (!LIKE_OPS.has(c.op)) return predicate(column, c, []);
    // A pattern that may start with a wildcard reads the whole column: read it from the column's index (a few
    // bytes per trace) once, rather than looking each trace's row up while walking the ORDER BY index.
    const inner = predicate(column.replace("t.", "l."), c, []);
    return { sql: `+t.id IN (SELECT l.id FROM traces l WHERE ${continueCheck("l.id", 255)} AND ${inner.sql})`, params: inner.params };
  }
  const id = fields.id(termFieldName(c.ref));
  // No trace has this field: SQL semantics (a missing value satisfies no comparison) make the clause false.
  if (id === undefined) return { sql: "0", params: [] };
  if (!INDEXABLE_OPS.has(c.op) && fields.hasFewValues(id)) {
    // A pattern (or !=, NOT IN) over a field of few values: test the pattern on each distinct value once, then read
    // the index range of every value that matched — instead of testing it on every trace's entry.
    const onValue = predicate("v", c, []);
    return {
      sql: `+t.id IN (SELECT x.trace_pk FROM terms x WHERE x.field = ? AND ${continueCheck("x.trace_pk", 1023)} AND x.value IN (SELECT v FROM (${DISTINCT_VALUES_SQL}) WHERE ${onValue.sql}))`,
      params: [id, id, id, ...onValue.params],
    };
  }
  const inner = predicate("x.value", c, []);
  // `+t.id`: the subquery is materialized once and probed while the outer query walks the index that serves its
  // ORDER BY (or another clause's index); without `+`, SQLite looks every match up by rowid and sorts them all.
  return {
    sql: `+t.id IN (SELECT x.trace_pk FROM terms x WHERE x.field = ? AND ${continueCheck("x.trace_pk", 1023)} AND ${inner.sql})`,
    params: [id, ...inner.params],
  };
}

/**
 * The deadline check for a scan over rows keyed by `key`: the JS function is called for one row in `mask + 1`
 * (a call per row would cost more than the scan). Placed first in its WHERE, before any term that could reject
 * the row, so a scan that matches nothing is still checked.
 */
export function continueCheck(key: string, mask: number): string {
  return `((${key} & ${mask}) != 0 OR ${CONTINUE_FN}())`;
}

function predicate(column: string, c: Comparison, leading: (string | number)[]): SqlFragment {
  const params = [...leading];
  const v = c.value;
  switch (c.op) {
    case "ILIKE":
      // SQLite's own LIKE folds ASCII case, as lower() would, without copying every value.
      params.push(v as string);
      return { sql: `${column} LIKE ? ESCAPE '\\'`, params };
    case "LIKE":
    case "NOT LIKE":
      // Case-sensitive LIKE is GLOB with the pattern translated (no connection-wide case_sensitive_like pragma).
      params.push(likeToGlob(v as string));
      return { sql: `${column} ${c.op === "LIKE" ? "GLOB" : "NOT GLOB"} ?`, params };
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

/** A LIKE pattern (`%`, `_`, `\` escapes) as the GLOB pattern that matches the same strings, case-sensitively. */
export function likeToGlob(pattern: string): string {
  let out = "";
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const escaped = chars[i] === "\\" && i + 1 < chars.length;
    const ch = escaped ? chars[++i] : chars[i];
    if (!escaped && ch === "%") out += "*";
    else if (!escaped && ch === "_") out += "?";
    else out += ch === "*" || ch === "?" || ch === "[" ? `[${ch}]` : ch;
  }
  return out;
}

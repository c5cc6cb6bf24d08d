import type { SqliteConnection } from "./connection.js";
import { termFieldName } from "./terms.js";

/** The traces sharing one value of a metadata key: counts over their small `traces` rows. */
export interface MetadataGroup {
  value: string;
  traceCount: number;
  errorCount: number;
  firstTimestampMs: number;
  lastTimestampMs: number;
  totalTokens: number;
  /** Row key of its latest-written trace (whose info a caller may read). */
  lastPk: number;
}

interface GroupRow {
  value: string;
  traces: number;
  errors: number;
  first_ms: number;
  last_ms: number;
  tokens: number;
  last_pk: number;
}

/**
 * Traces grouped by the value of metadata `key` (a session, a run), most recently active first: one index range over
 * the key's `terms` rows (field first, or field and value for `only`), joined to the small `traces` rows — never
 * the payloads.
 */
export function groupByMetadata(
  db: SqliteConnection,
  key: string,
  options: { experimentIds?: string[]; only?: string },
  limit: number,
): MetadataGroup[] {
  const field = db.prepare<{ id: number }>("SELECT id FROM fields WHERE name = ?").get(termFieldName({ kind: "metadata", key }))?.id;
  if (field === undefined) return [];
  const { experimentIds, only } = options;
  const exp = experimentIds ? `AND t.experiment_id IN (${experimentIds.map(() => "?").join(", ") || "NULL"})` : "";
  const one = only === undefined ? "" : "AND m.value = ?";
  return db
    .prepare<GroupRow>(
      `SELECT m.value AS value, count(*) AS traces, sum(t.state = 'ERROR') AS errors, min(t.timestamp_ms) AS first_ms,
         max(t.timestamp_ms) AS last_ms, coalesce(sum(t.total_tokens), 0) AS tokens, max(t.id) AS last_pk
       FROM terms m JOIN traces t ON t.id = m.trace_pk
       WHERE m.field = ? ${one} ${exp}
       GROUP BY m.value ORDER BY last_ms DESC, m.value LIMIT ?`,
    )
    .all(field, ...(only === undefined ? [] : [only]), ...(experimentIds ?? []), limit)
    .map((r) => ({
      value: r.value,
      traceCount: r.traces,
      errorCount: r.errors,
      firstTimestampMs: r.first_ms,
      lastTimestampMs: r.last_ms,
      totalTokens: r.tokens,
      lastPk: r.last_pk,
    }));
}

import type { TraceInfoJSON } from "../../entities/trace-info.js";
import { SESSION_KEY, USER_KEY, type SessionSummary } from "../sessions.js";
import type { SqliteConnection } from "./connection.js";
import { termFieldName } from "./terms.js";

interface SessionRow {
  session: string;
  traces: number;
  errors: number;
  first_ms: number;
  last_ms: number;
  tokens: number;
  last_pk: number;
}

/**
 * Sessions, most recently active first: one index range over the session's `terms` rows (field first), grouped by
 * value, joined to the small `traces` rows — never the payloads.
 */
export function querySessions(
  db: SqliteConnection,
  experimentIds: string[] | undefined,
  limit: number,
  infoOf: (pk: number) => TraceInfoJSON | undefined,
): SessionSummary[] {
  const field = (name: string) => db.prepare<{ id: number }>("SELECT id FROM fields WHERE name = ?").get(name)?.id;
  const sessionField = field(termFieldName({ kind: "metadata", key: SESSION_KEY }));
  if (sessionField === undefined) return [];
  const exp = experimentIds ? `AND t.experiment_id IN (${experimentIds.map(() => "?").join(", ") || "NULL"})` : "";
  const rows = db
    .prepare<SessionRow>(
      `SELECT m.value AS session, count(*) AS traces, sum(t.state = 'ERROR') AS errors, min(t.timestamp_ms) AS first_ms,
         max(t.timestamp_ms) AS last_ms, coalesce(sum(t.total_tokens), 0) AS tokens, max(t.id) AS last_pk
       FROM terms m JOIN traces t ON t.id = m.trace_pk
       WHERE m.field = ? ${exp}
       GROUP BY m.value ORDER BY last_ms DESC, m.value LIMIT ?`,
    )
    .all(sessionField, ...(experimentIds ?? []), limit);
  return rows.map((r) => ({
    sessionId: r.session,
    // From the latest trace's info (a small payload read per session shown), not a scan of every user's terms.
    user: infoOf(r.last_pk)?.trace_metadata[USER_KEY] ?? null,
    traceCount: r.traces,
    errorCount: r.errors,
    firstTimestampMs: r.first_ms,
    lastTimestampMs: r.last_ms,
    totalTokens: r.tokens,
  }));
}

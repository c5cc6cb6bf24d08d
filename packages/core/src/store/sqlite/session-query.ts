import type { TraceInfoJSON } from "../../entities/trace-info.js";
import { SESSION_KEY, USER_KEY, type SessionSummary } from "../sessions.js";
import type { SqliteConnection } from "./connection.js";
import { groupByMetadata } from "./term-groups.js";

/** Sessions, most recently active first (see {@link groupByMetadata}). */
export function querySessions(
  db: SqliteConnection,
  experimentIds: string[] | undefined,
  limit: number,
  infoOf: (pk: number) => TraceInfoJSON | undefined,
): SessionSummary[] {
  return groupByMetadata(db, SESSION_KEY, { experimentIds }, limit).map(({ value, lastPk, ...counts }) => ({
    sessionId: value,
    // From the latest trace's info (a small payload read per session shown), not a scan of every user's terms.
    user: infoOf(lastPk)?.trace_metadata[USER_KEY] ?? null,
    ...counts,
  }));
}

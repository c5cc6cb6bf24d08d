import type { TraceInfoJSON } from "../../entities/trace-info.js";
import { RUN_KEY, runSummary, type RunSummary } from "../runs.js";
import type { SqliteConnection } from "./connection.js";
import { groupByMetadata } from "./term-groups.js";

/**
 * Runs, most recently active first (see {@link groupByMetadata}); the payload of only each run's latest trace is
 * read, for the run's record.
 */
export function queryRuns(
  db: SqliteConnection,
  options: { experimentIds?: string[]; runId?: string },
  limit: number,
  infoOf: (pk: number) => TraceInfoJSON | undefined,
): RunSummary[] {
  return groupByMetadata(db, RUN_KEY, { experimentIds: options.experimentIds, only: options.runId }, limit).map(({ value, lastPk, ...counts }) =>
    runSummary({ runId: value, ...counts }, infoOf(lastPk)),
  );
}

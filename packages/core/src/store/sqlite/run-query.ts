import type { RunRecord, RunStatus } from "../../entities/run-record.js";
import { NO_TRACES, RUN_KEY, type RunSummary } from "../runs.js";
import type { SqliteConnection } from "./connection.js";
import { groupByMetadata } from "./term-groups.js";
import { writeTransaction } from "./transaction.js";

interface RunRow {
  run_id: string;
  experiment_id: string;
  name: string;
  status: string;
  start_time_ms: number;
  end_time_ms: number | null;
  parent_run_id: string | null;
  params: string;
  tags: string;
}

function entries(text: string): Record<string, string> {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function record(r: RunRow): RunRecord {
  return {
    runId: r.run_id,
    experimentId: r.experiment_id,
    name: r.name,
    status: r.status as RunStatus,
    startTimeMs: Number(r.start_time_ms),
    endTimeMs: r.end_time_ms === null ? null : Number(r.end_time_ms),
    parentRunId: r.parent_run_id,
    params: entries(r.params),
    tags: entries(r.tags),
  };
}

/** Writes a run's row: inserted, or replaced whole when the run exists (its end, say). */
export function saveRunRow(db: SqliteConnection, run: RunRecord): void {
  writeTransaction(db, () => {
    db.prepare(
      `INSERT INTO runs (run_id, experiment_id, name, status, start_time_ms, end_time_ms, parent_run_id, params, tags)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id) DO UPDATE SET experiment_id = excluded.experiment_id, name = excluded.name, status = excluded.status,
         start_time_ms = excluded.start_time_ms, end_time_ms = excluded.end_time_ms, parent_run_id = excluded.parent_run_id,
         params = excluded.params, tags = excluded.tags`,
    ).run(run.runId, run.experimentId, run.name, run.status, run.startTimeMs, run.endTimeMs, run.parentRunId, JSON.stringify(run.params), JSON.stringify(run.tags));
  });
}

/** One run's row, or undefined. */
export function runRow(db: SqliteConnection, runId: string): RunRecord | undefined {
  const row = db.prepare<RunRow>("SELECT * FROM runs WHERE run_id = ?").get(runId);
  return row && record(row);
}

/**
 * Runs, most recently started first (the runs rows, by their experiment and start index), each with its traces
 * counted over one index range of the `mlflow.sourceRun` terms ({@link groupByMetadata}).
 */
export function queryRuns(db: SqliteConnection, options: { experimentIds?: string[]; runId?: string }, limit: number): RunSummary[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (options.experimentIds) {
    where.push(`experiment_id IN (${options.experimentIds.map(() => "?").join(", ") || "NULL"})`);
    params.push(...options.experimentIds);
  }
  if (options.runId !== undefined) {
    where.push("run_id = ?");
    params.push(options.runId);
  }
  const rows = db
    .prepare<RunRow>(`SELECT * FROM runs ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY start_time_ms DESC, rowid DESC LIMIT ?`)
    .all(...params, limit);
  return rows.map((r) => {
    const [group] = groupByMetadata(db, RUN_KEY, { only: r.run_id }, 1);
    const counts = group
      ? { traceCount: group.traceCount, errorCount: group.errorCount, firstTimestampMs: group.firstTimestampMs, lastTimestampMs: group.lastTimestampMs, totalTokens: group.totalTokens }
      : NO_TRACES;
    return { ...record(r), ...counts };
  });
}

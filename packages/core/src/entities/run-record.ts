/** A run's state, as MLflow names it. */
export type RunStatus = "RUNNING" | "FINISHED" | "FAILED" | "KILLED";

/** The statuses a run can end with. */
export const END_STATUSES: readonly RunStatus[] = ["FINISHED", "FAILED", "KILLED"];

/** A run as the local store keeps it (its own row; its traces point at it with `mlflow.sourceRun`). */
export interface RunRecord {
  /** 32 lowercase hex digits, as MLflow's run IDs. */
  runId: string;
  experimentId: string;
  name: string;
  status: RunStatus;
  /** ms since the epoch. */
  startTimeMs: number;
  /** ms since the epoch; null while the run runs. */
  endTimeMs: number | null;
  /** The run it was started inside (MLflow's `mlflow.parentRunId`). */
  parentRunId: string | null;
  params: Record<string, string>;
  tags: Record<string, string>;
}

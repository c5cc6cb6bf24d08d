import { END_STATUSES, type RunRecord, type RunStatus } from "../entities/run-record.js";
import { TraceMetadataKey } from "../entities/trace-info.js";
import type { MlflowConnection } from "../export/mlflow/mlflow-connection.js";
import { endRemoteRun } from "../export/mlflow/runs-rest.js";
import { logOnce } from "../log.js";
import { flush } from "../runtime.js";
import type { TraceStore } from "../store/trace-store.js";
import { deactivateRun } from "./active-run.js";

/** Options of {@link Run.end}. */
export interface EndRunOptions {
  /** How the run ended; default `FINISHED`. */
  status?: Exclude<RunStatus, "RUNNING">;
}

/**
 * Where a run is kept: on the MLflow server of the tracking URI, in the local store (its own row), or nowhere
 * (tracing disabled, no local store): then only its traces carry its ID.
 */
export type RunHome = { server: MlflowConnection } | { store: TraceStore } | { none: true };

/**
 * A run: a group of traces (an evaluation, an experiment, a batch job), as MLflow's runs. Traces started while it is
 * active carry its ID in their `mlflow.sourceRun` metadata. Created by `startRun` / `withRun`.
 */
export class Run {
  private record: RunRecord;
  private ending: Promise<void> | undefined;

  /** @internal — use `startRun` or `withRun`. */
  constructor(
    record: RunRecord,
    private readonly home: RunHome,
  ) {
    this.record = record;
  }

  /** The run's ID: the MLflow server's run ID, or 32 hex digits for a local run (MLflow's format). */
  get runId(): string {
    return this.record.runId;
  }

  /** The experiment the run belongs to (its traces are recorded there). */
  get experimentId(): string {
    return this.record.experimentId;
  }

  /** The run's name. */
  get name(): string {
    return this.record.name;
  }

  /** RUNNING until {@link Run.end}, then how it ended. */
  get status(): RunStatus {
    return this.record.status;
  }

  /** The run's parameters, as strings. */
  get params(): Readonly<Record<string, string>> {
    return this.record.params;
  }

  /** The run's own tags (not MLflow's system tags), as strings. */
  get tags(): Readonly<Record<string, string>> {
    return this.record.tags;
  }

  /** When the run started, ms since the epoch. */
  get startTimeMs(): number {
    return this.record.startTimeMs;
  }

  /** When the run ended, ms since the epoch; null while it runs. */
  get endTimeMs(): number | null {
    return this.record.endTimeMs;
  }

  /** The run this one was started inside, if any. */
  get parentRunId(): string | null {
    return this.record.parentRunId;
  }

  /** True when the run lives on an MLflow server (the tracking URI is one). */
  get isRemote(): boolean {
    return "server" in this.home;
  }

  /** @internal The metadata a trace begun in this run is given: the run link (`mlflow.sourceRun`). */
  traceLink(): { metadata: Record<string, string> } {
    return { metadata: { [TraceMetadataKey.SOURCE_RUN]: this.record.runId } };
  }

  /**
   * Ends the run: it is no longer active, the traces it recorded are flushed to their destinations, and its status
   * and end time are recorded (on the MLflow server, or in the local store's run row). Calling it again does
   * nothing. Never rejects for a destination that fails (that is logged); an unknown status is a RangeError.
   */
  end(options: EndRunOptions = {}): Promise<void> {
    const status = options.status ?? "FINISHED";
    if (!END_STATUSES.includes(status)) return Promise.reject(new RangeError(`A run ends as ${END_STATUSES.join(", ")}; got ${String(status)}`));
    this.ending ??= this.finish(status);
    return this.ending;
  }

  private async finish(status: RunStatus): Promise<void> {
    deactivateRun(this);
    this.record = { ...this.record, status, endTimeMs: Date.now() };
    try {
      await flush();
      if ("server" in this.home) await endRemoteRun(this.home.server, this.runId, status, this.record.endTimeMs!);
      else if ("store" in this.home) this.home.store.saveRun(this.record);
    } catch (err) {
      logOnce(`run-end:${this.runId}`, `run "${this.name}" (${this.runId}) ended as ${status}, but its status could not be recorded`, err);
    }
  }
}

import type { TraceInfoJSON } from "../../entities/trace-info.js";
import type { TraceJSON } from "../../entities/trace.js";
import { requestJson } from "../http/request-json.js";
import type { TraceSink } from "../trace-sink.js";
import { uploadTraceData } from "./artifact-upload.js";
import { ExperimentResolver, type ExperimentChoice } from "./experiment-resolver.js";
import type { MlflowConnection } from "./mlflow-connection.js";
import { toTraceInfoV3Payload } from "./trace-info-payload.js";

/** Traces sent to the server at once within a batch. */
const CONCURRENCY = 4;

interface StartTraceResponse {
  trace?: { trace_info?: Partial<TraceInfoJSON> };
}

/**
 * Logs traces to an MLflow tracking server (or Databricks) the way MLflow's own clients do: StartTraceV3
 * (`POST /api/3.0/mlflow/traces` with the TraceInfo), then the spans uploaded as `traces.json` to the artifact
 * location the server returned. A batch retried after a partial failure skips what already went through.
 */
export class MlflowRestSink implements TraceSink {
  readonly name: string;
  private readonly experiments: ExperimentResolver;
  /** Per trace object of the batch being retried: the server's TraceInfo once StartTraceV3 succeeded, or "done". */
  private readonly progress = new WeakMap<TraceJSON, Partial<TraceInfoJSON> | "done">();

  constructor(
    private readonly connection: MlflowConnection,
    choice: ExperimentChoice,
    private readonly timeoutMs = 10_000,
  ) {
    this.name = `mlflow:${connection.host}`;
    this.experiments = new ExperimentResolver(connection, choice, timeoutMs);
  }

  async export(traces: TraceJSON[]): Promise<void> {
    const experimentId = await this.experiments.experimentId();
    const todo = traces.filter((t) => this.progress.get(t) !== "done");
    let firstError: unknown;
    for (let i = 0; i < todo.length; i += CONCURRENCY) {
      const results = await Promise.allSettled(todo.slice(i, i + CONCURRENCY).map((t) => this.logTrace(t, experimentId)));
      for (const r of results) if (r.status === "rejected" && firstError === undefined) firstError = r.reason;
    }
    if (firstError !== undefined) throw firstError;
  }

  private async logTrace(trace: TraceJSON, experimentId: string): Promise<void> {
    let serverInfo = this.progress.get(trace);
    if (serverInfo === "done") return;
    if (!serverInfo) {
      const res = await requestJson<StartTraceResponse>({
        method: "POST",
        url: `${this.connection.host}/api/3.0/mlflow/traces`,
        headers: this.connection.headers,
        body: { trace: { trace_info: toTraceInfoV3Payload(trace.info, experimentId) } },
        timeoutMs: this.timeoutMs,
      });
      serverInfo = res?.trace?.trace_info ?? {};
      this.progress.set(trace, serverInfo);
    }
    await uploadTraceData({
      connection: this.connection,
      traceId: serverInfo.trace_id ?? trace.info.trace_id,
      tags: serverInfo.tags,
      spans: trace.data.spans,
      timeoutMs: this.timeoutMs,
    });
    this.progress.set(trace, "done");
  }
}

import type { ResolvedConfig } from "../../config.js";
import type { TraceInfoJSON } from "../../entities/trace-info.js";
import type { TraceJSON } from "../../entities/trace.js";
import { logOnce } from "../../log.js";
import { HttpExportError } from "../http/http-error.js";
import { requestJson } from "../http/http-request.js";
import type { ExportOutcome, FailedTrace, TraceSink } from "../trace-sink.js";
import { uploadTraceData } from "./artifact-upload.js";
import { ExperimentResolver, type ExperimentChoice } from "./experiment-resolver.js";
import { resolveMlflowConnection, type MlflowConnection } from "./mlflow-connection.js";
import { OtlpSpanSender } from "./otlp-span-sender.js";
import { toTraceInfoV3Payload } from "./trace-info-payload.js";

/** Trace tag by which StartTraceV3 says where the server reads spans from. */
export const SPANS_LOCATION_TAG = "mlflow.trace.spansLocation";
/** Its value for a server that reads spans only from its own store (what `/v1/traces` filled). */
export const SPANS_IN_TRACKING_STORE = "TRACKING_STORE";

/** StartTraceV3 calls in flight at once per batch. */
const CONCURRENCY = 4;

interface StartTraceResponse {
  trace?: { trace_info?: Partial<TraceInfoJSON> };
}

/** What already went through for one trace, so a retry redoes only the rest. */
interface Progress {
  spansStored?: boolean;
  serverInfo?: Partial<TraceInfoJSON>;
}

/** Options of an {@link MlflowSink}. */
export interface MlflowSinkOptions extends Partial<ExperimentChoice> {
  /** `http(s)://[user:pass@]host[:port][/prefix]` or `databricks`. */
  trackingUri: string;
  /** Per-request timeout, ms. Default 10,000. */
  timeoutMs?: number;
  /** Environment for credentials (`MLFLOW_TRACKING_TOKEN`, `DATABRICKS_*`…). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Logs traces to an MLflow tracking server the way MLflow's own SDKs do: the spans over OTLP/HTTP protobuf to
 * `/v1/traces` (native attribute values, `x-mlflow-experiment-id`), then the trace info through StartTraceV3
 * (`POST /api/3.0/mlflow/traces`), and the spans as a `traces.json` artifact only where the server does not
 * store them itself: StartTraceV3 answers without `mlflow.trace.spansLocation=TRACKING_STORE` (a file store, a
 * server before 3.4, whose `/v1/traces` answers 404/501) or the server is Databricks (signed-URL upload).
 * Reports per trace what did not arrive; a retry redoes only what is missing.
 */
export class MlflowSink implements TraceSink {
  readonly name: string;
  private readonly connection: MlflowConnection;
  private readonly experiments: ExperimentResolver;
  private readonly timeoutMs: number;
  private readonly spans: OtlpSpanSender;
  private readonly progress = new WeakMap<TraceJSON, Progress>();

  constructor(options: MlflowSinkOptions) {
    this.connection = resolveMlflowConnection(options.trackingUri, options.env);
    this.name = `mlflow:${this.connection.host}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.experiments = new ExperimentResolver(
      this.connection,
      { experimentId: options.experimentId, experimentName: options.experimentName ?? "Default" },
      this.timeoutMs,
    );
    this.spans = new OtlpSpanSender(this.connection, this.name, this.timeoutMs);
  }

  async export(traces: TraceJSON[], signal?: AbortSignal): Promise<ExportOutcome> {
    const experimentId = await this.experiments.experimentId(signal);
    const failed = new Map<string, FailedTrace>();
    const spansToSend = traces.filter((t) => !this.progressOf(t).spansStored);
    if (spansToSend.length > 0 && this.spans.serverStoresSpans !== false) {
      const result = await this.spans.send(spansToSend, experimentId, signal);
      for (const t of result.stored) this.progressOf(t).spansStored = true;
      for (const f of result.failed) failed.set(f.traceId, f);
    }
    const next = traces.filter((t) => !failed.has(t.info.trace_id));
    for (let i = 0; i < next.length; i += CONCURRENCY) {
      const chunk = next.slice(i, i + CONCURRENCY);
      const results = await Promise.allSettled(chunk.map((t) => this.logTrace(t, experimentId, signal)));
      results.forEach((r, j) => {
        if (r.status === "rejected") failed.set(chunk[j].info.trace_id, { traceId: chunk[j].info.trace_id, error: r.reason });
      });
    }
    return { failed: [...failed.values()] };
  }

  private progressOf(trace: TraceJSON): Progress {
    let p = this.progress.get(trace);
    if (!p) this.progress.set(trace, (p = {}));
    return p;
  }

  private async logTrace(trace: TraceJSON, experimentId: string, signal: AbortSignal | undefined): Promise<void> {
    const progress = this.progressOf(trace);
    if (!progress.serverInfo) {
      const res = await requestJson<StartTraceResponse>({
        method: "POST",
        url: `${this.connection.host}/api/3.0/mlflow/traces`,
        headers: this.connection.headers,
        body: { trace: { trace_info: toTraceInfoV3Payload(trace.info, experimentId) } },
        timeoutMs: this.timeoutMs,
        signal,
      });
      progress.serverInfo = res?.trace?.trace_info ?? {};
    }
    const tags = progress.serverInfo.tags;
    // Databricks takes trace data through signed-URL uploads whatever it tags (its /v1/traces serves Unity Catalog tables).
    if (!this.connection.databricks && tags?.[SPANS_LOCATION_TAG] === SPANS_IN_TRACKING_STORE) {
      if (progress.spansStored) return;
      throw new HttpExportError(
        `${this.name} reads spans only from its tracking store, but its /v1/traces did not take them; trace ${trace.info.trace_id} would show no spans`,
        undefined,
        false,
      );
    }
    await uploadTraceData({
      connection: this.connection,
      traceId: progress.serverInfo.trace_id ?? trace.info.trace_id,
      tags,
      spans: trace.data.spans,
      timeoutMs: this.timeoutMs,
      signal,
    });
  }
}

/** A sink that cannot work (bad configuration): every export fails once, permanently, with the reason. */
class MisconfiguredSink implements TraceSink {
  constructor(
    readonly name: string,
    private readonly reason: string,
  ) {}

  export(): void {
    throw new HttpExportError(this.reason, undefined, false);
  }
}

/**
 * The sink for `MLFLOW_TRACKING_URI=http(s)://…` or `databricks` (see {@link MlflowSink}). The experiment is
 * `MLFLOW_EXPERIMENT_ID`, else `MLFLOW_EXPERIMENT_NAME` (created when missing), else "Default".
 */
export function createMlflowSink(uri: string, config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): TraceSink {
  if (env.TRACELOOM_MLFLOW_EXPORT?.trim()) {
    logOnce(
      "mlflow-protocol",
      "TRACELOOM_MLFLOW_EXPORT is no longer used: traceloom sends spans over OTLP and trace info via StartTraceV3, and uploads traces.json only where the server needs it",
    );
  }
  try {
    return new MlflowSink({ trackingUri: uri, experimentId: config.experimentId, experimentName: config.experimentName, env });
  } catch (err) {
    return new MisconfiguredSink("mlflow", err instanceof Error ? err.message : String(err));
  }
}

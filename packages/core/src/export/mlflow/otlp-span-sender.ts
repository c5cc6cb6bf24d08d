import type { TraceJSON } from "../../entities/trace.js";
import { logOnce } from "../../log.js";
import { HttpExportError } from "../http/http-error.js";
import { sendRequest, statusError } from "../http/http-request.js";
import type { FailedTrace } from "../trace-sink.js";
import type { MlflowConnection } from "./mlflow-connection.js";
import { loadOtlpSpanEncoder } from "./otlp-spans.js";

/** Header naming the experiment for MLflow's OTLP endpoint. */
const EXPERIMENT_HEADER = "x-mlflow-experiment-id";
/** Largest request body; a bigger batch is split (MLflow's server takes far more, proxies often less). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** What one send did: the traces whose spans the server stored, and those it did not take. */
export interface SpanSendResult {
  stored: TraceJSON[];
  failed: FailedTrace[];
}

/**
 * Sends traces' spans to an MLflow server's `/v1/traces` and learns from its answers whether it stores them:
 * 404/405 (no endpoint: MLflow before 3.4) or 501 ("not supported by FileStore") means it does not, and spans
 * then go as artifacts. A 413 or an oversized body splits the request; per-trace errors MLflow names in a 422
 * fail only those traces.
 */
export class OtlpSpanSender {
  /** True once the server stored spans, false when it cannot (or it is Databricks), undefined until it answered. */
  serverStoresSpans: boolean | undefined;

  constructor(
    private readonly connection: MlflowConnection,
    private readonly sinkName: string,
    private readonly timeoutMs: number,
  ) {
    if (connection.databricks) this.serverStoresSpans = false;
  }

  async send(traces: TraceJSON[], experimentId: string, signal: AbortSignal | undefined): Promise<SpanSendResult> {
    const encode = await loadOtlpSpanEncoder();
    const result: SpanSendResult = { stored: [], failed: [] };
    await this.post(traces.filter((t) => t.data.spans.length > 0), experimentId, signal, encode, result);
    for (const t of traces) if (t.data.spans.length === 0) result.stored.push(t);
    return result;
  }

  private async post(
    traces: TraceJSON[],
    experimentId: string,
    signal: AbortSignal | undefined,
    encode: (traces: TraceJSON[]) => Uint8Array,
    result: SpanSendResult,
  ): Promise<void> {
    if (traces.length === 0 || this.serverStoresSpans === false) return;
    const body = encode(traces);
    if (body.byteLength > MAX_BODY_BYTES && traces.length > 1) return this.split(traces, experimentId, signal, encode, result);
    const url = `${this.connection.host}/v1/traces`;
    const req = { method: "POST" as const, url };
    let status: number;
    let text: string;
    try {
      ({ status, text } = await sendRequest({
        ...req,
        headers: { ...this.connection.headers, "content-type": "application/x-protobuf", [EXPERIMENT_HEADER]: experimentId },
        body,
        timeoutMs: this.timeoutMs,
        signal,
      }));
    } catch (error) {
      for (const t of traces) result.failed.push({ traceId: t.info.trace_id, error });
      return;
    }
    if (status >= 200 && status < 300) {
      this.serverStoresSpans = true;
      result.stored.push(...traces);
      return;
    }
    if (status === 404 || status === 405 || status === 501) {
      this.serverStoresSpans = false;
      logOnce(`mlflow-no-otlp:${this.sinkName}`, `${this.sinkName} does not store spans sent to /v1/traces (HTTP ${status}); sending them as traces.json artifacts`);
      return;
    }
    if (status === 413 && traces.length > 1) return this.split(traces, experimentId, signal, encode, result);
    const error = statusError(req, status, text);
    const named = status === 422 ? namedTraceErrors(text) : undefined;
    if (named && named.size > 0) {
      for (const t of traces) {
        if (named.has(t.info.trace_id)) result.failed.push({ traceId: t.info.trace_id, error: new HttpExportError(error.message, status, true) });
        else result.stored.push(t);
      }
      return;
    }
    for (const t of traces) result.failed.push({ traceId: t.info.trace_id, error });
  }

  private async split(
    traces: TraceJSON[],
    experimentId: string,
    signal: AbortSignal | undefined,
    encode: (traces: TraceJSON[]) => Uint8Array,
    result: SpanSendResult,
  ): Promise<void> {
    const half = Math.ceil(traces.length / 2);
    await this.post(traces.slice(0, half), experimentId, signal, encode, result);
    await this.post(traces.slice(half), experimentId, signal, encode, result);
  }
}

/**
 * The trace IDs in MLflow's 422 "Failed to log OpenTelemetry spans" detail (one `Trace tr-…: error` per line);
 * MLflow stored every other trace of the request. Undefined for any other 422 (the request was not usable).
 */
function namedTraceErrors(body: string): Set<string> | undefined {
  if (!body.includes("Failed to log OpenTelemetry spans")) return undefined;
  return new Set([...body.matchAll(/Trace (tr-[0-9a-f]{32})/g)].map((m) => m[1]));
}

import type { SpanStatus } from "../entities/span-status.js";
import type { SpanTypeName } from "../entities/span-type.js";
import type { Trace } from "../entities/trace.js";
import { otelTraceIdOf } from "../entities/ids.js";
import { getRuntime, flush } from "../runtime.js";
import { getState } from "../state.js";
import type { DeleteTracesOptions, Experiment, SearchTracesOptions, SearchTracesResult, TraceStore } from "../store/trace-store.js";
import type { LiveSpan } from "../tracer/live-span.js";
import type { TraceBuilder } from "../tracer/trace-builder.js";
import { createSpan } from "../tracer/tracer.js";
import { logOnce } from "../log.js";

/** Options of {@link TraceClient.startTrace}. */
export interface StartTraceOptions {
  name: string;
  spanType?: SpanTypeName;
  inputs?: unknown;
  attributes?: Record<string, unknown>;
  tags?: Record<string, string>;
  metadata?: Record<string, string>;
  startTimeNs?: number;
}

/** Options of {@link TraceClient.startSpan}: explicit trace and parent IDs, no reliance on the active context. */
export interface ClientStartSpanOptions {
  /** `tr-…` (or the 32-hex OpenTelemetry ID). */
  traceId: string;
  /** Parent span ID (16 hex). */
  parentId: string;
  name: string;
  spanType?: SpanTypeName;
  inputs?: unknown;
  attributes?: Record<string, unknown>;
  startTimeNs?: number;
}

/** Options of {@link TraceClient.endSpan} and {@link TraceClient.endTrace}. */
export interface ClientEndOptions {
  outputs?: unknown;
  attributes?: Record<string, unknown>;
  status?: SpanStatus | "OK" | "ERROR" | "UNSET";
  endTimeNs?: number;
}

/**
 * The low-level client: build traces from explicit IDs (for callback-based frameworks, interleaved async work or
 * worker threads, where an active context cannot be relied on), and read, search, tag and delete recorded traces.
 * Spans started in a worker thread for a trace whose root is elsewhere are recorded as a part of the trace and merged
 * into the same trace by the store.
 */
export class TraceClient {
  /** Starts a new trace; returns its root span (`span.traceId` is the MLflow trace ID, `span.spanId` its ID). */
  startTrace(options: StartTraceOptions): LiveSpan {
    return createSpan({ ...options, parent: null });
  }

  /** Starts a span under the given parent of the given trace. */
  startSpan(options: ClientStartSpanOptions): LiveSpan {
    const span = this.findSpan(options.traceId, options.parentId);
    return createSpan({
      name: options.name,
      spanType: options.spanType,
      inputs: options.inputs,
      attributes: options.attributes,
      startTimeNs: options.startTimeNs,
      parent: span ?? { traceId: options.traceId, spanId: options.parentId },
    });
  }

  /** Ends a span by IDs. Unknown IDs are logged once and ignored, never thrown. */
  endSpan(traceId: string, spanId: string, options: ClientEndOptions = {}): void {
    const span = this.findSpan(traceId, spanId);
    if (!span) {
      logOnce(`endSpan:${traceId}:${spanId}`, `endSpan: no open span ${spanId} in trace ${traceId}`);
      return;
    }
    span.end(options);
  }

  /** Ends the root span of a trace (and so the trace, once its other spans have ended). */
  endTrace(traceId: string, options: ClientEndOptions = {}): void {
    const builder = this.builder(traceId);
    if (!builder?.root) {
      logOnce(`endTrace:${traceId}`, `endTrace: no open trace ${traceId}`);
      return;
    }
    builder.root.end(options);
  }

  /** An open span of an open trace, by IDs. */
  findSpan(traceId: string, spanId: string): LiveSpan | undefined {
    const span = this.builder(traceId)?.span(spanId);
    return span && !span.ended ? span : undefined;
  }

  private builder(traceId: string): TraceBuilder | undefined {
    return getState().traces.get(otelTraceIdOf(traceId)) as TraceBuilder | undefined;
  }

  private get store(): TraceStore {
    const store = getRuntime().store;
    if (!store) throw new Error("The tracking URI is remote: reading traces needs a local store (file path or memory:)");
    return store;
  }

  /** A recorded trace (after flushing what is queued), or undefined. */
  async getTrace(traceId: string): Promise<Trace | undefined> {
    await flush();
    return this.store.getTrace(traceId);
  }

  /** Searches recorded traces with MLflow's filter grammar (see `SearchTracesOptions`). */
  async searchTraces(options: SearchTracesOptions = {}): Promise<SearchTracesResult> {
    await flush();
    return this.store.searchTraces(options);
  }

  /** Deletes traces; returns how many. */
  async deleteTraces(options: DeleteTracesOptions): Promise<number> {
    await flush();
    return this.store.deleteTraces(options);
  }

  /** Sets a tag on a recorded trace. */
  async setTraceTag(traceId: string, key: string, value: string): Promise<void> {
    await flush();
    this.store.setTraceTag(traceId, key, value);
  }

  /** Removes a tag from a recorded trace. */
  async deleteTraceTag(traceId: string, key: string): Promise<void> {
    await flush();
    this.store.deleteTraceTag(traceId, key);
  }

  /** The experiments of the local store. */
  async listExperiments(): Promise<Experiment[]> {
    return this.store.listExperiments();
  }
}

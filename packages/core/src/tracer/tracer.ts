import { activeSpan } from "../context/active.js";
import { activeOtelSpanContext } from "../context/otel-bridge.js";
import { nowNs } from "../entities/clock.js";
import { isOtelSpanId, isOtelTraceId, newOtelSpanId, newOtelTraceId, otelTraceIdOf } from "../entities/ids.js";
import type { SpanTypeName } from "../entities/span-type.js";
import { SpanType } from "../entities/span-type.js";
import { logOnce } from "../log.js";
import { getRuntime, type Runtime } from "../runtime.js";
import { activeRun } from "../runs/active-run.js";
import { getState } from "../state.js";
import { LiveSpan } from "./live-span.js";
import { TraceBuilder } from "./trace-builder.js";

/** A parent given by IDs: a span in another thread, process or service (`traceId` as `tr-…` or 32 hex). */
export interface ParentIds {
  traceId: string;
  spanId: string;
}

/** Options for creating a span. */
export interface SpanOptions {
  name: string;
  spanType?: SpanTypeName;
  inputs?: unknown;
  attributes?: Record<string, unknown>;
  /** Parent span, or parent IDs, or `null` to force a new trace. Default: the active span. */
  parent?: LiveSpan | ParentIds | null;
  /** Nanoseconds since the epoch; default now. */
  startTimeNs?: number;
  /** For a new trace: tags and metadata of the trace. */
  tags?: Record<string, string>;
  metadata?: Record<string, string>;
}

/** In-progress traces kept at most; beyond it (spans never ended: a bug in the program) new traces are not recorded. */
const MAX_OPEN_TRACES = 100_000;

/** Deterministic by trace ID, so every service sampling the same trace agrees. */
export function isSampled(otelTraceId: string, ratio: number): boolean {
  if (ratio >= 1) return true;
  if (ratio <= 0) return false;
  return parseInt(otelTraceId.slice(-8), 16) / 0x1_0000_0000 < ratio;
}

function isLiveSpan(p: unknown): p is LiveSpan {
  return typeof p === "object" && p !== null && "owner" in p && "otelTraceId" in p && "spanId" in p;
}

function newBuilder(otelTraceId: string, runtime: Runtime): TraceBuilder {
  const state = getState();
  const cfg = runtime.config;
  let recording = cfg.enabled && isSampled(otelTraceId, cfg.samplingRatio);
  if (recording && state.traces.size >= MAX_OPEN_TRACES) {
    logOnce("too-many-open", `more than ${MAX_OPEN_TRACES} traces are open (spans never ended?); new traces are not recorded`);
    recording = false;
  }
  if (recording) runtime.watchExit();
  const builder = new TraceBuilder(otelTraceId, runtime, recording);
  state.traces.set(otelTraceId, builder);
  // A trace begun inside a run belongs to it (MLflow's `mlflow.sourceRun`); the run is read only when one exists.
  if (recording && state.runs) {
    const run = activeRun();
    if (run) builder.update(run.traceLink());
  }
  return builder;
}

function builderFor(otelTraceId: string, runtime: Runtime): TraceBuilder {
  return (getState().traces.get(otelTraceId) as TraceBuilder | undefined) ?? newBuilder(otelTraceId, runtime);
}

/** Creates (starts) a span; it is not made active — `withSpan` and `trace` do that. Never throws. */
export function createSpan(options: SpanOptions): LiveSpan {
  const runtime = getRuntime();
  const parent = options.parent === undefined ? activeSpan() : options.parent;
  let builder: TraceBuilder;
  let parentId: string | null = null;
  let otelParent: string | undefined;

  if (isLiveSpan(parent)) {
    const owner = parent.owner as TraceBuilder;
    builder = getState().traces.get(parent.otelTraceId) === owner ? owner : builderFor(parent.otelTraceId, runtime);
    parentId = parent.spanId;
  } else if (parent) {
    const traceHex = otelTraceIdOf(parent.traceId);
    if (!isOtelTraceId(traceHex) || !isOtelSpanId(parent.spanId)) {
      logOnce("bad-parent-ids", `invalid parent IDs (traceId "${parent.traceId}", spanId "${parent.spanId}"); starting a new trace`);
      builder = newBuilder(newOtelTraceId(), runtime);
    } else {
      builder = builderFor(traceHex, runtime);
      parentId = parent.spanId;
    }
  } else {
    const otel = parent === null ? undefined : activeOtelSpanContext();
    if (otel) {
      builder = builderFor(otel.traceId, runtime);
      otelParent = otel.spanId;
    } else {
      builder = newBuilder(newOtelTraceId(), runtime);
    }
  }

  const span = new LiveSpan(builder, builder.otelTraceId, newOtelSpanId(), parentId, String(options.name ?? "span"), options.startTimeNs ?? nowNs(), builder.recording);
  builder.add(span);
  if (span.isRecording) {
    try {
      span.setSpanType(options.spanType ?? SpanType.UNKNOWN);
      if (otelParent) span.setAttribute("traceloom.otel.parentSpanId", otelParent);
      if (options.inputs !== undefined) span.setInputs(options.inputs);
      if (options.attributes) span.setAttributes(options.attributes);
      if (builder.root === span && (options.tags || options.metadata)) builder.update({ tags: options.tags, metadata: options.metadata });
    } catch (err) {
      logOnce("createSpan", "could not record a new span's inputs or attributes", err);
    }
  }
  return span;
}

/** Exports every open trace whose root has ended (its stragglers are closed as unfinished): for process exit. */
export function finishEndedTraces(): void {
  for (const builder of [...getState().traces.values()] as TraceBuilder[]) {
    if (builder.rootEnded) builder.finish();
  }
}

/** The in-progress trace a span belongs to. */
export function builderOf(span: LiveSpan): TraceBuilder {
  return span.owner as TraceBuilder;
}

import { mlflowTraceId } from "../entities/ids.js";
import type { SpanJSON } from "../entities/span.js";
import type { TraceJSON } from "../entities/trace.js";
import { logOnce } from "../log.js";
import type { Runtime } from "../runtime.js";
import { encodeJson } from "../serialize/encode.js";
import { getState } from "../state.js";
import { buildTraceInfo, type TraceOverrides } from "./trace-info-builder.js";
import type { LiveSpan } from "./live-span.js";
import type { SpanOwner } from "./span-owner.js";

/** How long a trace whose root has ended waits for its other spans before it is exported anyway. */
export const ORPHAN_GRACE_MS = 30_000;

/**
 * One in-progress trace: its spans, trace-level overrides (tags, metadata, previews) and the runtime it records
 * into. It is exported when all its spans have ended — or, once the root has ended, after {@link ORPHAN_GRACE_MS}.
 * A builder without a root is a fragment (spans of a trace whose root lives in another thread or process).
 */
export class TraceBuilder implements SpanOwner {
  readonly spans: LiveSpan[] = [];
  readonly overrides: TraceOverrides = { tags: {}, metadata: {} };
  root: LiveSpan | undefined;
  readonly encodedTraceId: string;
  private open = 0;
  private exported = false;
  private graceTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly otelTraceId: string,
    readonly runtime: Runtime,
    readonly recording: boolean,
  ) {
    this.encodedTraceId = JSON.stringify(mlflowTraceId(otelTraceId));
  }

  /** Resolved lazily (it may open the store), by the export queue rather than the caller. */
  get experimentId(): string {
    return this.runtime.experimentId;
  }

  get traceId(): string {
    return mlflowTraceId(this.otelTraceId);
  }

  get maxFieldChars(): number {
    return this.runtime.config.maxFieldChars;
  }

  encodePayload(value: unknown, field: "inputs" | "outputs", span: LiveSpan): string {
    const redact = this.runtime.config.redact;
    let v = value;
    if (redact) {
      try {
        v = redact(value, { field, spanName: span.name, spanType: span.spanType });
      } catch (err) {
        logOnce("redact", "the redact hook threw; the value was not recorded", err);
        v = "[redaction failed]";
      }
    }
    return encodeJson(v, this.maxFieldChars);
  }

  /** Registers a new span of this trace. */
  add(span: LiveSpan, isRoot: boolean): void {
    this.spans.push(span);
    this.open++;
    if (isRoot && !this.root) this.root = span;
  }

  onSpanEnd(span: LiveSpan): void {
    this.open--;
    if (this.exported) {
      logOnce("late-span", `span "${span.name}" ended after its trace was exported; it is not recorded`);
      return;
    }
    if (this.open <= 0) this.finish();
    else if (span === this.root && !this.graceTimer) {
      this.graceTimer = setTimeout(() => this.finish(), ORPHAN_GRACE_MS);
      this.graceTimer.unref();
    }
  }

  private finish(): void {
    if (this.exported) return;
    this.exported = true;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    const state = getState();
    state.traces.delete(this.otelTraceId);
    if (this.root) state.lastTraceId = this.traceId;
    if (!this.recording) return;
    const endNs = this.root?.endTimeNs ?? Math.max(...this.spans.map((s) => s.endTimeNs ?? 0));
    for (const s of this.spans) s.forceEnd(endNs);
    try {
      this.runtime.pipeline.push(new FinishedTrace(this));
    } catch (err) {
      // The destination could not be opened (bad tracking URI, unreadable store): say so once, never throw.
      logOnce("pipeline-open", `traces cannot be recorded to ${this.runtime.config.trackingUri}`, err);
    }
  }

  /** Applies `updateCurrentTrace`-style changes; values are stringified and capped as MLflow does. */
  update(change: {
    tags?: Record<string, unknown>;
    metadata?: Record<string, unknown>;
    requestPreview?: string;
    responsePreview?: string;
    clientRequestId?: string;
  }): void {
    for (const [k, v] of Object.entries(change.tags ?? {})) this.overrides.tags[k] = stringValue(v);
    for (const [k, v] of Object.entries(change.metadata ?? {})) this.overrides.metadata[k] = stringValue(v);
    if (change.requestPreview !== undefined) this.overrides.requestPreview = String(change.requestPreview);
    if (change.responsePreview !== undefined) this.overrides.responsePreview = String(change.responsePreview);
    if (change.clientRequestId !== undefined) this.overrides.clientRequestId = String(change.clientRequestId);
  }
}

function stringValue(v: unknown): string {
  return typeof v === "string" ? v : encodeJson(v, 4096);
}

/** A finished trace whose JSON is built on first request, by the export queue, off the caller's path. */
class FinishedTrace {
  private json: TraceJSON | undefined;

  constructor(private readonly builder: TraceBuilder) {}

  toJSON(): TraceJSON {
    if (!this.json) {
      const b = this.builder;
      const spans: SpanJSON[] = b.spans.map((s) => s.toJSON());
      const root = b.root ? spans[b.spans.indexOf(b.root)] : undefined;
      spans.sort((x, y) => (x === root ? -1 : y === root ? 1 : x.start_time_unix_nano - y.start_time_unix_nano));
      const info = buildTraceInfo({
        traceId: b.traceId,
        experimentId: b.experimentId,
        root,
        spans,
        overrides: b.overrides,
      });
      this.json = { info, data: { spans } };
    }
    return this.json;
  }
}

import { hexToBase64, mlflowTraceId } from "../entities/ids.js";
import { SpanAttributeKey, type SpanJSON } from "../entities/span.js";
import type { TraceJSON } from "../entities/trace.js";
import type { TraceInfoJSON } from "../entities/trace-info.js";
import { logOnce } from "../log.js";
import { getRuntime, type Runtime } from "../runtime.js";
import { nowNs } from "../entities/clock.js";
import { encodeJson } from "../serialize/encode.js";
import { captureValue, type HeldValue } from "../serialize/capture.js";
import { getState } from "../state.js";
import { buildTraceInfo, type TraceOverrides } from "./trace-info-builder.js";
import type { LiveSpan } from "./live-span.js";
import { requestPreview, responsePreview } from "./previews.js";
import { rootFirst, type TraceParts } from "./trace-parts.js";
import type { SpanOwner } from "./span-owner.js";

/** How long a trace whose root has ended waits for its other spans before it is exported anyway. */
export const ORPHAN_GRACE_MS = 30_000;

/**
 * One in-progress trace: its spans, trace-level overrides (tags, metadata, previews) and the runtime whose settings
 * (sampling, redaction, caps) it records with. It is exported when all its spans have ended — or, once the root has ended, after {@link ORPHAN_GRACE_MS}
 * (or at process exit). Its root is its first span whose parent is not in this process: a true root (no parent), or
 * the entry span of a trace continued from another service, thread or an OpenTelemetry parent (a remote parent).
 */
export class TraceBuilder implements SpanOwner {
  readonly spans: LiveSpan[] = [];
  private readonly byId = new Map<string, LiveSpan>();
  readonly overrides: TraceOverrides = { tags: {}, metadata: {} };
  root: LiveSpan | undefined;
  readonly encodedTraceId: string;
  private base64Id: string | undefined;
  private open = 0;
  private exported = false;
  private graceTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly otelTraceId: string,
    readonly runtime: Runtime,
    readonly recording: boolean,
  ) {
    // A hex ID needs no JSON escaping.
    this.encodedTraceId = `"${mlflowTraceId(otelTraceId)}"`;
  }

  get traceIdBase64(): string {
    this.base64Id ??= hexToBase64(this.otelTraceId);
    return this.base64Id;
  }

  get traceId(): string {
    return mlflowTraceId(this.otelTraceId);
  }

  get maxFieldChars(): number {
    return this.runtime.config.maxFieldChars;
  }

  capturePayload(value: unknown, field: "inputs" | "outputs", span: LiveSpan): HeldValue {
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
    return captureValue(v, this.maxFieldChars);
  }

  /** Registers a new span of this trace; the first whose parent is not local becomes the root. */
  add(span: LiveSpan): void {
    if (!this.root && (span.parentId === null || !this.byId.has(span.parentId))) this.root = span;
    this.spans.push(span);
    this.byId.set(span.spanId, span);
    this.open++;
  }

  /** A span of this trace by its hex ID. */
  span(spanId: string): LiveSpan | undefined {
    return this.byId.get(spanId);
  }

  /** True once the root has ended (the trace waits only for stragglers). */
  get rootEnded(): boolean {
    return this.root?.ended ?? false;
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

  /** Exports the trace now, closing spans still open (at process exit, or when the grace period is over). */
  finish(): void {
    if (this.exported) return;
    this.exported = true;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    const state = getState();
    state.traces.delete(this.otelTraceId);
    if (!this.recording) return;
    if (this.root) state.lastTraceId = this.traceId;
    const endNs = this.root?.endTimeNs ?? nowNs();
    for (const s of this.spans) s.forceEnd(endNs);
    // The runtime in force now: configure() may have switched destinations while this trace ran.
    const runtime = getRuntime();
    try {
      runtime.pipeline.push(new FinishedTrace(this, runtime));
    } catch (err) {
      // The destination could not be opened (bad tracking URI, unreadable store): say so once, never throw.
      logOnce("pipeline-open", `traces cannot be recorded to ${runtime.config.trackingUri}`, err);
    }
  }

  /**
   * Applies `updateCurrentTrace`-style changes; values are stringified and capped as MLflow does. With
   * `keepExisting`, tags and metadata keys already set stay as they are.
   */
  update(
    change: {
      tags?: Record<string, unknown>;
      metadata?: Record<string, unknown>;
      requestPreview?: string;
      responsePreview?: string;
      clientRequestId?: string;
    },
    keepExisting = false,
  ): void {
    const o = this.overrides;
    const settable = (current: unknown) => !keepExisting || current === undefined;
    for (const [k, v] of Object.entries(change.tags ?? {})) if (settable(Object.hasOwn(o.tags, k) ? o.tags[k] : undefined)) o.tags[k] = stringValue(v);
    for (const [k, v] of Object.entries(change.metadata ?? {})) if (settable(Object.hasOwn(o.metadata, k) ? o.metadata[k] : undefined)) o.metadata[k] = stringValue(v);
    if (change.requestPreview !== undefined && settable(o.requestPreview)) o.requestPreview = String(change.requestPreview);
    if (change.responsePreview !== undefined && settable(o.responsePreview)) o.responsePreview = String(change.responsePreview);
    if (change.clientRequestId !== undefined && settable(o.clientRequestId)) o.clientRequestId = String(change.clientRequestId);
  }
}

function stringValue(v: unknown): string {
  return typeof v === "string" ? v : encodeJson(v, 4096);
}

/**
 * A finished trace whose JSON is built on first request, by the export queue, off the caller's path. Its `info`
 * (previews, size stats, token totals) is built on first read: a sink that never reads it (OTLP) never pays for it.
 * Its spans' JSON texts are made at most once, shared by the size stats and a store that writes them
 * ({@link FinishedTrace.spanTexts}).
 */
export class FinishedTrace {
  private json: TraceJSON | undefined;
  private texts: string[] | undefined;

  constructor(
    private readonly builder: TraceBuilder,
    private readonly runtime: Runtime,
  ) {}

  /** The trace's ID, without building its JSON (a queue names a trace it drops unbuilt). */
  get traceId(): string {
    return this.builder.traceId;
  }

  toJSON(): TraceJSON {
    if (!this.json) {
      const b = this.builder;
      // Read before the spans are encoded: previews come from the root's values, not from parsing their JSON.
      const rootCaptured = b.root && {
        inputs: b.root.capturedValue(SpanAttributeKey.INPUTS),
        outputs: b.root.capturedValue(SpanAttributeKey.OUTPUTS),
      };
      const spans: SpanJSON[] = b.spans.map((s) => s.toJSON());
      const root = b.root ? spans[b.spans.indexOf(b.root)] : undefined;
      rootFirst(spans, root);
      const traceId = b.traceId;
      const experimentId = this.runtime.experimentId;
      const overrides = b.overrides;
      const spanSizes = () => this.spanTexts().map((t) => Buffer.byteLength(t));
      this.json = withLazyInfo(() => buildTraceInfo({ traceId, experimentId, root, spans, overrides, rootCaptured, spanSizes }), { spans });
    }
    return this.json;
  }

  /**
   * The trace as {@link TraceParts} for the local store's writer thread, which builds the JSON, info and size stats
   * itself: here only attribute values are encoded (and previews read from the root's captured values, which the
   * parts no longer hold).
   */
  storeParts(): TraceParts {
    const b = this.builder;
    const root = b.root;
    const inputs = root?.capturedValue(SpanAttributeKey.INPUTS);
    const outputs = root?.capturedValue(SpanAttributeKey.OUTPUTS);
    const spans = b.spans.map((s) => s.parts());
    let overrides = b.overrides;
    if (root && ((inputs && overrides.requestPreview === undefined) || (outputs && overrides.responsePreview === undefined))) {
      const attrs = root.attrs as Record<string, string>;
      overrides = {
        ...overrides,
        requestPreview: overrides.requestPreview ?? requestPreview(attrs[SpanAttributeKey.INPUTS], inputs),
        responsePreview: overrides.responsePreview ?? responsePreview(attrs[SpanAttributeKey.OUTPUTS], outputs),
      };
    }
    return [b.traceId, b.traceIdBase64, this.runtime.experimentId, root ? b.spans.indexOf(root) : -1, overrides, spans];
  }

  /** The JSON text of each span of {@link toJSON}, in the same order, made once. */
  spanTexts(): string[] {
    this.texts ??= this.toJSON().data.spans.map((s) => JSON.stringify(s));
    return this.texts;
  }
}

/**
 * `{ info, data }` whose `info` is an own enumerable property computed on first read and then kept as plain data,
 * so JSON.stringify, spreading and structured cloning see an ordinary trace object.
 */
function withLazyInfo(build: () => TraceInfoJSON, data: TraceJSON["data"]): TraceJSON {
  const json = {} as TraceJSON;
  const settle = (info: TraceInfoJSON) => {
    Object.defineProperty(json, "info", { value: info, enumerable: true, writable: true, configurable: true });
    return info;
  };
  Object.defineProperty(json, "info", { enumerable: true, configurable: true, get: () => settle(build()), set: settle });
  json.data = data;
  return json;
}

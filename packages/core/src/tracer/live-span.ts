import { nowNs } from "../entities/clock.js";
import { mlflowTraceId } from "../entities/ids.js";
import { SpanAttributeKey, type SpanJSON } from "../entities/span.js";
import { spanJson, type SpanParts } from "./trace-parts.js";
import type { EventAttributeValue, SpanEvent } from "../entities/span-event.js";
import { normalizeStatusCode, SpanStatusCode, type SpanStatus } from "../entities/span-status.js";
import { SpanType, type SpanTypeName } from "../entities/span-type.js";
import { normalizeTokenUsage, type TokenUsage } from "../entities/token-usage.js";
import { logOnce } from "../log.js";
import { describeError, isSecretKey, REDACTED } from "../serialize/sanitize.js";
import { encodeJson } from "../serialize/encode.js";
import { captureValue, CapturedValue, encodeHeld, type HeldValue } from "../serialize/capture.js";
import type { SpanOwner } from "./span-owner.js";

/** What {@link LiveSpan.end} accepts. */
export interface EndSpanOptions {
  outputs?: unknown;
  attributes?: Record<string, unknown>;
  /** `"OK" | "ERROR" | "UNSET"` or a full status; default OK unless an error was recorded. */
  status?: SpanStatus | string;
  /** Nanoseconds since the epoch; default now. */
  endTimeNs?: number;
}

/**
 * A span that is still being recorded. Every method is safe to call at any time: after `end()` changes are
 * ignored, and nothing here ever throws into the caller. Values are captured when set (plain data copied, anything
 * else encoded and capped at once), so later mutation of the caller's objects does not change the record; copies are
 * JSON-encoded at export, off the caller's path.
 */
export class LiveSpan {
  /** @internal JSON text, or a captured value encoded on the first {@link LiveSpan.toJSON}. */
  readonly attrs: Record<string, HeldValue>;
  /** @internal */
  readonly eventList: SpanEvent[] = [];
  private statusValue: SpanStatus = { code: SpanStatusCode.UNSET, message: "" };
  private endNs: number | null = null;

  /** @internal Created by the tracer; use `withSpan`, `startSpan`, `trace` or `TraceClient`. */
  constructor(
    /** @internal */ readonly owner: SpanOwner,
    /** 32-hex OpenTelemetry trace ID. */ readonly otelTraceId: string,
    /** 16-hex span ID. */ readonly spanId: string,
    /** 16-hex parent span ID, or null for a root span. */ readonly parentId: string | null,
    private spanName: string,
    /** Nanoseconds since the epoch. */ readonly startTimeNs: number,
    /** False when the trace is sampled out or tracing is off: the span keeps IDs but records nothing. */
    readonly isRecording: boolean,
  ) {
    this.attrs = isRecording ? { [SpanAttributeKey.REQUEST_ID]: owner.encodedTraceId } : {};
  }

  /** MLflow trace ID (`tr-<32 hex>`). */
  get traceId(): string {
    return mlflowTraceId(this.otelTraceId);
  }
  /** Alias of {@link LiveSpan.traceId}. */
  get requestId(): string {
    return this.traceId;
  }
  get name(): string {
    return this.spanName;
  }
  get ended(): boolean {
    return this.endNs !== null;
  }
  get endTimeNs(): number | null {
    return this.endNs;
  }
  get status(): SpanStatus {
    return this.statusValue;
  }
  get spanType(): string {
    const held = this.attrs[SpanAttributeKey.SPAN_TYPE];
    if (held === undefined) return SpanType.UNKNOWN;
    return held instanceof CapturedValue ? String(held.value) : (JSON.parse(held) as string);
  }

  private get writable(): boolean {
    return this.isRecording && this.endNs === null;
  }

  /** Renames the span (e.g. once a framework reports the run name). */
  setName(name: string): this {
    if (this.writable && typeof name === "string") this.spanName = name;
    return this;
  }

  /** Runs a recording step; what it throws is logged once per method and never reaches the caller. */
  private record(method: string, step: () => void): this {
    if (!this.writable) return this;
    try {
      step();
    } catch (err) {
      logOnce(`span.${method}`, `span.${method}() could not record its value; tracing continues`, err);
    }
    return this;
  }

  /** Sets `mlflow.spanType`. */
  setSpanType(type: SpanTypeName): this {
    return this.record("setSpanType", () => {
      this.attrs[SpanAttributeKey.SPAN_TYPE] = encodedSpanType(type);
    });
  }

  /** Records the span's inputs (any value; captured safely). */
  setInputs(inputs: unknown): this {
    return this.record("setInputs", () => {
      this.attrs[SpanAttributeKey.INPUTS] = this.owner.capturePayload(inputs, "inputs", this);
    });
  }

  /** Records the span's outputs (any value; captured safely). */
  setOutputs(outputs: unknown): this {
    return this.record("setOutputs", () => {
      this.attrs[SpanAttributeKey.OUTPUTS] = this.owner.capturePayload(outputs, "outputs", this);
    });
  }

  /**
   * Sets one attribute; the value is JSON-encoded as MLflow stores it. `undefined` removes it. A key naming a
   * secret (`apiKey`, `authorization`, …) is recorded as `[REDACTED]`.
   */
  setAttribute(key: string, value: unknown): this {
    return this.record("setAttribute", () => {
      if (value === undefined) delete this.attrs[key];
      else this.attrs[key] = isSecretKey(key) ? JSON.stringify(REDACTED) : captureValue(value, this.owner.maxFieldChars);
    });
  }

  /** Sets several attributes. */
  setAttributes(attributes: Record<string, unknown>): this {
    return this.record("setAttributes", () => {
      if (!attributes) return;
      for (const [k, v] of Object.entries(attributes)) this.setAttribute(k, v);
    });
  }

  /** Records token usage (`mlflow.chat.tokenUsage`) from any common provider shape. */
  setTokenUsage(usage: TokenUsage | Record<string, unknown>): this {
    return this.record("setTokenUsage", () => {
      const normalized = normalizeTokenUsage(usage);
      if (normalized) this.setAttribute(SpanAttributeKey.CHAT_USAGE, normalized);
    });
  }

  /**
   * Adds a point-in-time event; attribute values are kept raw (strings, numbers, booleans or arrays of them), other
   * values JSON-encoded, secrets (by key) redacted.
   */
  addEvent(name: string, attributes: Record<string, unknown> = {}, timeNs: number = nowNs()): this {
    return this.record("addEvent", () => {
      const attrs: Record<string, EventAttributeValue> = {};
      for (const [k, v] of Object.entries(attributes ?? {})) {
        if (v === undefined) continue;
        attrs[k] = isSecretKey(k) ? REDACTED : isEventValue(v) ? v : encodeJson(v, this.owner.maxFieldChars);
      }
      this.eventList.push({ name: String(name), time_unix_nano: timeNs, attributes: attrs });
    });
  }

  /** Records an `exception` event (type, message, stack) and sets status ERROR. */
  recordException(error: unknown): this {
    return this.record("recordException", () => {
      const { type, message, stack } = describeException(error);
      this.addEvent("exception", {
        "exception.type": type,
        "exception.message": message,
        "exception.stacktrace": stack,
        "exception.escaped": "False",
      });
      this.setStatus(SpanStatusCode.ERROR, `${type}: ${message}`);
    });
  }

  /** Sets the status: `"OK" | "ERROR" | "UNSET"` (or `STATUS_CODE_*`), with an optional message. */
  setStatus(status: SpanStatus | string, message?: string): this {
    if (!this.writable) return this;
    try {
      if (typeof status === "string") {
        this.statusValue = { code: normalizeStatusCode(status), message: message ?? "" };
      } else {
        this.statusValue = { code: normalizeStatusCode(status.code), message: status.message ?? "" };
      }
    } catch (err) {
      logOnce("span.setStatus", "ignored an invalid span status", err);
    }
    return this;
  }

  /** Ends the span (once; later calls are ignored). An UNSET status becomes OK. */
  end(options: EndSpanOptions = {}): void {
    if (this.endNs !== null) return;
    try {
      if (options.outputs !== undefined) this.setOutputs(options.outputs);
      if (options.attributes) this.setAttributes(options.attributes);
      if (options.status !== undefined) this.setStatus(options.status);
      if (this.statusValue.code === SpanStatusCode.UNSET) this.statusValue = { code: SpanStatusCode.OK, message: "" };
    } catch (err) {
      logOnce("span.end", "could not record a span's final values", err);
    }
    this.endNs = Math.max(options.endTimeNs ?? nowNs(), this.startTimeNs);
    try {
      this.owner.onSpanEnd(this);
    } catch (err) {
      logOnce("span.end.trace", "could not finish a trace; tracing continues", err);
    }
  }

  /** Ends the span when leaving a `using` block. */
  [Symbol.dispose](): void {
    this.end();
  }

  /** The span in MLflow JSON form (an unfinished span has `end_time_unix_nano: null`). */
  toJSON(): SpanJSON {
    return spanJson(this.owner.traceIdBase64, this.fields([]), this.encodedAttributes());
  }

  /** @internal The span as {@link SpanParts} for the store's writer thread (attribute values encoded here). */
  parts(): SpanParts {
    const attrs = this.encodedAttributes();
    const flat: string[] = [];
    for (const key in attrs) flat.push(key, attrs[key]);
    return this.fields(flat);
  }

  private fields(flatAttrs: string[]): SpanParts {
    return [this.spanId, this.parentId, this.spanName, this.startTimeNs, this.endNs, this.eventList, this.statusValue, flatAttrs];
  }

  /** The attributes as JSON text; captured values are encoded once, in place (a copy never changes). */
  private encodedAttributes(): Record<string, string> {
    const attrs = this.attrs;
    for (const key in attrs) {
      const held = attrs[key];
      if (typeof held !== "string") attrs[key] = encodeHeld(held);
    }
    return attrs as Record<string, string>;
  }

  /** @internal The raw captured value of an attribute, when it is still held unencoded and whole (for previews). */
  capturedValue(key: string): CapturedValue | undefined {
    const held = this.attrs[key];
    return held instanceof CapturedValue && !held.truncated ? held : undefined;
  }

  /** @internal Closes a span its trace outlived: kept, marked unfinished. */
  forceEnd(endNs: number): void {
    if (this.endNs !== null) return;
    this.statusValue = { code: SpanStatusCode.UNSET, message: "span was not ended before its trace was exported" };
    this.endNs = Math.max(endNs, this.startTimeNs);
  }
}

const encodedSpanTypes = new Map<string, string>();

/** `mlflow.spanType` as JSON; the few types in use are encoded once. */
function encodedSpanType(type: SpanTypeName): string {
  const name = String(type);
  let encoded = encodedSpanTypes.get(name);
  if (encoded === undefined) {
    encoded = JSON.stringify(name);
    if (encodedSpanTypes.size < 256) encodedSpanTypes.set(name, encoded);
  }
  return encoded;
}

function isEventValue(v: unknown): v is EventAttributeValue {
  const t = typeof v;
  if (t === "string" || t === "boolean" || (t === "number" && Number.isFinite(v as number))) return true;
  if (!Array.isArray(v) || v.length === 0) return false;
  const first = typeof v[0];
  return (first === "string" || first === "number" || first === "boolean") && v.every((x) => typeof x === first);
}

/** Type, message and stack of anything thrown, without trusting its getters. */
export function describeException(error: unknown): { type: string; message: string; stack: string } {
  try {
    if (error instanceof Error || (error && typeof error === "object" && "message" in error)) {
      const e = error as Error;
      // SDK errors often keep name "Error" on subclasses (e.g. RateLimitError): the class name says more.
      const ctor = e.constructor?.name;
      const type = e.name && e.name !== "Error" ? e.name : ctor && ctor !== "Object" ? ctor : e.name || "Error";
      const message = String(e.message ?? "");
      return { type, message, stack: typeof e.stack === "string" ? e.stack : `${type}: ${message}` };
    }
    const message = describeError(error);
    return { type: typeof error === "object" && error !== null ? (error.constructor?.name ?? "Object") : typeof error, message, stack: message };
  } catch {
    return { type: "Unknown", message: "an exception that could not be described", stack: "" };
  }
}

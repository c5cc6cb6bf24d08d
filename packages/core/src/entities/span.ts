import type { SpanEvent } from "./span-event.js";
import type { SpanStatus } from "./span-status.js";
import { SpanType } from "./span-type.js";
import type { TokenUsage } from "./token-usage.js";
import { base64ToHex, mlflowTraceId } from "./ids.js";

/** Span attribute keys MLflow defines. */
export const SpanAttributeKey = {
  REQUEST_ID: "mlflow.traceRequestId",
  SPAN_TYPE: "mlflow.spanType",
  INPUTS: "mlflow.spanInputs",
  OUTPUTS: "mlflow.spanOutputs",
  FUNCTION_NAME: "mlflow.spanFunctionName",
  CHAT_USAGE: "mlflow.chat.tokenUsage",
  MESSAGE_FORMAT: "mlflow.message.format",
} as const;

/** A span exactly as MLflow trace schema v3 writes it in JSON. */
export interface SpanJSON {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  start_time_unix_nano: number;
  end_time_unix_nano: number | null;
  events: SpanEvent[];
  status: SpanStatus;
  /** Every value is a JSON-encoded string. */
  attributes: Record<string, string>;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A finished, immutable span: a typed view over its {@link SpanJSON}. */
export class Span {
  /** @param json the span as stored; not copied, so do not mutate it afterwards. */
  constructor(readonly json: SpanJSON) {}

  /** Builds a span from MLflow JSON (IDs in base64). */
  static fromJSON(json: SpanJSON): Span {
    return new Span(json);
  }

  /** The span in MLflow JSON form. */
  toJSON(): SpanJSON {
    return this.json;
  }

  /** MLflow trace ID (`tr-…`). */
  get traceId(): string {
    return mlflowTraceId(base64ToHex(this.json.trace_id));
  }
  /** Span ID as 16 hex characters. */
  get spanId(): string {
    return base64ToHex(this.json.span_id);
  }
  /** Parent span ID as hex, or null for a root span. */
  get parentId(): string | null {
    return this.json.parent_span_id === null ? null : base64ToHex(this.json.parent_span_id);
  }
  get name(): string {
    return this.json.name;
  }
  get spanType(): string {
    return (this.attribute(SpanAttributeKey.SPAN_TYPE) as string | undefined) ?? SpanType.UNKNOWN;
  }
  get inputs(): unknown {
    return this.attribute(SpanAttributeKey.INPUTS);
  }
  get outputs(): unknown {
    return this.attribute(SpanAttributeKey.OUTPUTS);
  }
  get status(): SpanStatus {
    return this.json.status;
  }
  get events(): SpanEvent[] {
    return this.json.events;
  }
  get startTimeNs(): number {
    return this.json.start_time_unix_nano;
  }
  get endTimeNs(): number | null {
    return this.json.end_time_unix_nano;
  }
  /** Duration in milliseconds, or null while unfinished. */
  get durationMs(): number | null {
    const end = this.json.end_time_unix_nano;
    return end === null ? null : (end - this.json.start_time_unix_nano) / 1e6;
  }
  /** Token usage recorded on this span (`mlflow.chat.tokenUsage`), if any. */
  get tokenUsage(): TokenUsage | undefined {
    return this.attribute(SpanAttributeKey.CHAT_USAGE) as TokenUsage | undefined;
  }
  /** One attribute, JSON-decoded. */
  attribute(key: string): unknown {
    return parseJson(this.json.attributes[key]);
  }
  /** All attributes, JSON-decoded. */
  get attributes(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.json.attributes)) out[k] = parseJson(v);
    return out;
  }
}

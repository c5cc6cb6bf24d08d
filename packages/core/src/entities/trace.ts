import { Span, type SpanJSON } from "./span.js";
import { TraceInfo, TraceMetadataKey, type TraceInfoJSON } from "./trace-info.js";
import type { TokenUsage } from "./token-usage.js";

/** A whole trace as MLflow writes it: `{ info, data: { spans } }`. */
export interface TraceJSON {
  info: TraceInfoJSON;
  data: { spans: SpanJSON[] };
}

/** A recorded trace: its info and its spans (root first, then by start time). */
export class Trace {
  readonly info: TraceInfo;
  readonly spans: Span[];

  constructor(info: TraceInfoJSON, spans: SpanJSON[]) {
    this.info = new TraceInfo(info);
    this.spans = spans.map((s) => new Span(s));
  }

  /** Parses a trace from its MLflow JSON (object or string). */
  static fromJSON(json: TraceJSON | string): Trace {
    const obj: TraceJSON = typeof json === "string" ? JSON.parse(json) : json;
    if (!obj || typeof obj !== "object" || !obj.info || !obj.data || !Array.isArray(obj.data.spans)) {
      throw new TypeError("Not an MLflow trace: expected { info, data: { spans: [...] } }");
    }
    return new Trace(obj.info, obj.data.spans);
  }

  get traceId(): string {
    return this.info.traceId;
  }

  /** The span with no parent (or whose parent is outside the trace). */
  get rootSpan(): Span | undefined {
    const ids = new Set(this.spans.map((s) => s.json.span_id));
    return this.spans.find((s) => s.json.parent_span_id === null || !ids.has(s.json.parent_span_id));
  }

  /** Trace-level token usage from metadata, if any span reported usage. */
  get tokenUsage(): TokenUsage | undefined {
    const raw = this.info.metadata[TraceMetadataKey.TOKEN_USAGE];
    return raw ? (JSON.parse(raw) as TokenUsage) : undefined;
  }

  /** Spans whose name, or type, matches. */
  searchSpans(query: { name?: string | RegExp; spanType?: string }): Span[] {
    return this.spans.filter((s) => {
      if (query.spanType && s.spanType !== query.spanType) return false;
      if (query.name === undefined) return true;
      return typeof query.name === "string" ? s.name === query.name : query.name.test(s.name);
    });
  }

  /** The children of a span (by hex span ID), in start order. */
  childrenOf(spanId: string | null): Span[] {
    return this.spans.filter((s) => s.parentId === spanId);
  }

  toJSON(): TraceJSON {
    return { info: this.info.toJSON(), data: { spans: this.spans.map((s) => s.toJSON()) } };
  }
}

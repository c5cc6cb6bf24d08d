import type { SpanJSON } from "../entities/span.js";

/**
 * Span attribute values (attributes are JSON text; text that is not JSON is kept as is), each parsed once while one
 * trace is indexed: its span facts and its free-text words both read the spans' inputs and outputs. Made per trace
 * and dropped after, so nothing parsed outlives the indexing (the memory store keeps the spans themselves).
 */
export class SpanValues {
  private readonly parsed = new Map<SpanJSON, Map<string, unknown>>();

  /** The parsed value of `span.attributes[key]`, or undefined when absent. */
  get(span: SpanJSON, key: string): unknown {
    const raw = span.attributes[key];
    if (raw === undefined) return undefined;
    let values = this.parsed.get(span);
    if (!values) {
      values = new Map();
      this.parsed.set(span, values);
    }
    if (values.has(key)) return values.get(key);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    values.set(key, value);
    return value;
  }
}

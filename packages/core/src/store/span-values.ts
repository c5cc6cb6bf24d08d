import type { SpanJSON } from "../entities/span.js";

const parsed = new WeakMap<SpanJSON, Map<string, unknown>>();

/**
 * A span attribute's value (attributes are JSON text; text that is not JSON is returned as is), parsed once per span
 * object: the store's span facts and its free-text words both read a span's inputs and outputs.
 */
export function spanAttributeValue(span: SpanJSON, key: string): unknown {
  const raw = span.attributes[key];
  if (raw === undefined) return undefined;
  let values = parsed.get(span);
  if (!values) {
    values = new Map();
    parsed.set(span, values);
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

import { describeError, isSecretKey, sanitize } from "./sanitize.js";
import { truncationText } from "./truncate.js";

/** Default per-field cap (inputs, outputs, each attribute), in characters of JSON. */
export const DEFAULT_MAX_FIELD_CHARS = 1_000_000;

/**
 * JSON-encodes a value for a span attribute, never throwing. A result longer than `maxChars` is replaced by a
 * JSON string holding its first `maxChars` characters followed by a visible marker with the original size.
 */
export function encodeJson(value: unknown, maxChars: number = DEFAULT_MAX_FIELD_CHARS): string {
  try {
    return tryPlainStringify(value, maxChars) ?? encodeBySafeWalk(value, maxChars);
  } catch (err) {
    return unserializable(err);
  }
}

/**
 * Characters of output the truncating walk may produce for a cap of `maxChars` (a little over the cap, so the cut
 * falls inside what was walked).
 */
export function walkBudget(maxChars: number): number {
  return Number.isFinite(maxChars) && maxChars > 0 ? maxChars * 1.1 + 64 : Number.POSITIVE_INFINITY;
}

/**
 * {@link encodeJson} without its fast path, for a value known to be over the cap: the walk stops spending effort at
 * about the cap instead of encoding the whole value first.
 */
export function encodeBySafeWalk(value: unknown, maxChars: number = DEFAULT_MAX_FIELD_CHARS): string {
  try {
    const limit = Number.isFinite(maxChars) && maxChars > 0 ? maxChars : Number.POSITIVE_INFINITY;
    if (typeof value === "string") return JSON.stringify(truncationText(value, limit, String(value.length)));
    const { value: safe, exhausted } = sanitize(value, walkBudget(limit));
    const json = JSON.stringify(safe) ?? "null";
    if (json.length <= limit && !exhausted) return json;
    return truncatedMarker(json, limit, exhausted);
  } catch (err) {
    return unserializable(err);
  }
}

/** Only exotic objects get here (e.g. a revoked Proxy at the top level): record that, not the failure. */
function unserializable(err: unknown): string {
  return JSON.stringify(`[Unserializable: ${describeError(err)}]`);
}

/** Wraps an over-long JSON text in a JSON string with a marker naming the original size. */
function truncatedMarker(json: string, limit: number, walkCut: boolean): string {
  return JSON.stringify(truncationText(json, limit, walkCut ? `more than ${json.length}` : String(json.length)));
}

/**
 * For plain data (strings, numbers, arrays and plain objects only), JSON.stringify is exact and far faster than
 * the safe walk. Returns undefined when the value needs the walk.
 */
function tryPlainStringify(value: unknown, maxChars: number): string | undefined {
  if (value === undefined) return "null";
  if (typeof value === "string") {
    return value.length <= maxChars ? JSON.stringify(value) : undefined;
  }
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === "boolean" || value === null) return String(value);
  if (!isPlainTreeSafely(value)) return undefined;
  const json = JSON.stringify(value);
  return json.length <= maxChars ? json : undefined;
}

const PLAIN_CHECK_NODE_LIMIT = 20_000;

/** A proxy or exotic object may throw while being inspected: then it is not plain, and the safe walk takes over. */
function isPlainTreeSafely(value: unknown): boolean {
  try {
    return isPlainTree(value, 0, { nodes: 0 });
  } catch {
    return false;
  }
}

/** True when JSON.stringify would reproduce `v` faithfully and no key could hold a secret. */
function isPlainTree(v: unknown, depth: number, counter: { nodes: number }): boolean {
  if (++counter.nodes > PLAIN_CHECK_NODE_LIMIT || depth > 32) return false;
  if (v === null || v === undefined || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (typeof v !== "object") return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!isPlainTree(v[i], depth + 1, counter)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  // Values are read as JSON.stringify reads them (an accessor runs, as it would there); a throwing one makes the
  // caller fall back to the safe walk.
  for (const key in v) {
    if (isSecretKey(key) || !isPlainTree((v as Record<string, unknown>)[key], depth + 1, counter)) return false;
  }
  return true;
}

import { truncationText } from "./truncate.js";

/**
 * Turns any JS value into a JSON-compatible copy that can always be stringified: circular references, BigInt,
 * Errors, binary data, Map/Set, class instances and throwing getters each get a safe, readable form. The walk
 * stops spending effort once `budget` characters have been produced, so a huge payload costs about the cap.
 */

const MAX_DEPTH = 48;
const MAX_TYPED_ELEMENTS = 1024;
const BINARY_PREVIEW_BYTES = 96;

/** Keys whose values are never recorded, whatever object they appear in. */
const SECRET_KEY = /^(api[-_]?key|apikey|authorization|proxy-authorization|x-api-key|api-key|openai[-_]?api[-_]?key|password|passwd|secret|client[-_]?secret|access[-_]?token|refresh[-_]?token|cookie|set-cookie)$/i;

/** Length of the shortest key {@link isSecretKey} accepts: shorter keys need no lookup. */
export const SHORTEST_SECRET_KEY = 6;

const secretKeyCache = new Map<string, boolean>();

/** Whether a key names a secret; memoised, since payloads repeat the same few keys (`role`, `content`, …). */
export function isSecretKey(key: string): boolean {
  let secret = secretKeyCache.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    if (secretKeyCache.size >= 4096) secretKeyCache.clear();
    secretKeyCache.set(key, secret);
  }
  return secret;
}

/** Placeholder written instead of a secret value. */
export const REDACTED = "[REDACTED]";

interface WalkState {
  budget: number;
  exhausted: boolean;
  ancestors: Set<object>;
}

/** Result of {@link sanitize}: the JSON-safe copy and whether the size budget cut the walk short. */
export interface Sanitized {
  value: unknown;
  exhausted: boolean;
}

/** Converts `input` to a JSON-safe copy, spending roughly `budget` output characters at most. */
export function sanitize(input: unknown, budget = Number.POSITIVE_INFINITY): Sanitized {
  const state: WalkState = { budget, exhausted: false, ancestors: new Set() };
  const value = walk(input, state, 0);
  return { value: value === undefined ? null : value, exhausted: state.exhausted };
}

function spend(state: WalkState, n: number): void {
  state.budget -= n;
  if (state.budget < 0) state.exhausted = true;
}

/**
 * @param replaced - `v` is what a `toJSON()` returned: as in JSON.stringify, its own `toJSON` is not applied again
 * (a `toJSON` returning `{ ...this }` would otherwise be called at every level down to the depth limit).
 */
function walk(v: unknown, state: WalkState, depth: number, replaced = false): unknown {
  switch (typeof v) {
    case "string":
      if (v.length > state.budget) {
        const kept = Math.max(0, Math.floor(state.budget));
        spend(state, v.length);
        return truncationText(v, kept, String(v.length));
      }
      spend(state, v.length + 2);
      return v;
    case "number":
      spend(state, 8);
      return Number.isFinite(v) ? v : String(v);
    case "boolean":
      spend(state, 5);
      return v;
    case "bigint":
      spend(state, 20);
      return v.toString();
    case "undefined":
      return undefined;
    case "symbol":
      return v.toString();
    case "function":
      return `[Function ${v.name || "anonymous"}]`;
  }
  if (v === null) return null;
  const obj = v as object;
  if (state.exhausted) return "[…]";
  if (depth >= MAX_DEPTH) return "[MaxDepth]";
  if (state.ancestors.has(obj)) return "[Circular]";
  state.ancestors.add(obj);
  try {
    return walkObject(obj, state, depth, replaced);
  } catch (err) {
    return `[Unserializable: ${describeError(err)}]`;
  } finally {
    state.ancestors.delete(obj);
  }
}

function walkObject(obj: object, state: WalkState, depth: number, replaced: boolean): unknown {
  if (Array.isArray(obj)) return walkArray(obj, state, depth);
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? "Invalid Date" : obj.toISOString();
  if (obj instanceof Error) return walkError(obj, state, depth);
  if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer || isSharedArrayBuffer(obj)) return describeBinary(obj as ArrayBufferView | ArrayBufferLike, state);
  if (obj instanceof Map) return walkMap(obj, state, depth);
  if (obj instanceof Set) return walkArray(Array.from(obj), state, depth);
  if (obj instanceof RegExp) return obj.toString();
  if (obj instanceof WeakMap || obj instanceof WeakSet || obj instanceof WeakRef) return `[${obj.constructor.name}]`;
  if (typeof (obj as { then?: unknown }).then === "function") return "[Promise]";
  if (!replaced) {
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return walk(toJSON.call(obj), state, depth + 1, true);
  }
  return walkPlain(obj as Record<string, unknown>, state, depth);
}

function walkArray(arr: readonly unknown[], state: WalkState, depth: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < arr.length; i++) {
    if (state.exhausted) {
      out.push(`[…${arr.length - i} more items]`);
      break;
    }
    const item = walk(arr[i], state, depth + 1);
    out.push(item === undefined ? null : item);
    spend(state, 1);
  }
  return out;
}

function walkPlain(obj: Record<string, unknown>, state: WalkState, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (state.exhausted) {
      out["…"] = `${keys.length - i} more keys`;
      break;
    }
    spend(state, key.length + 4);
    if (isSecretKey(key)) {
      out[key] = REDACTED;
      continue;
    }
    let value: unknown;
    try {
      value = obj[key];
    } catch (err) {
      out[key] = `[Thrown: ${describeError(err)}]`;
      continue;
    }
    const item = walk(value, state, depth + 1);
    if (item !== undefined) out[key] = item;
  }
  return out;
}

function walkMap(map: Map<unknown, unknown>, state: WalkState, depth: number): unknown {
  let allStringKeys = true;
  for (const k of map.keys()) {
    if (typeof k !== "string") {
      allStringKeys = false;
      break;
    }
  }
  if (allStringKeys) return walkPlain(Object.fromEntries(map), state, depth);
  return walkArray(Array.from(map.entries()), state, depth);
}

function walkError(err: Error, state: WalkState, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name || err.constructor?.name || "Error", message: err.message };
  spend(state, (err.message?.length ?? 0) + 20);
  for (const key of Object.keys(err)) {
    if (key === "stack" || key === "message") continue;
    if (isSecretKey(key) || key === "headers") continue;
    let value: unknown;
    try {
      value = (err as unknown as Record<string, unknown>)[key];
    } catch (e) {
      value = `[Thrown: ${describeError(e)}]`;
    }
    const item = walk(value, state, depth + 1);
    if (item !== undefined) out[key] = item;
  }
  if (err.cause !== undefined && !("cause" in out)) out.cause = walk(err.cause, state, depth + 1);
  return out;
}

function isSharedArrayBuffer(obj: object): boolean {
  return typeof SharedArrayBuffer !== "undefined" && obj instanceof SharedArrayBuffer;
}

function describeBinary(obj: ArrayBufferView | ArrayBufferLike, state: WalkState): unknown {
  const type = obj.constructor?.name ?? "Binary";
  const isNumeric =
    ArrayBuffer.isView(obj) &&
    !(obj instanceof Uint8Array) &&
    !(obj instanceof Uint8ClampedArray) &&
    !(obj instanceof DataView) &&
    !(obj instanceof Int8Array);
  if (isNumeric) {
    const arr = obj as unknown as ArrayLike<number | bigint>;
    const n = Math.min(arr.length, MAX_TYPED_ELEMENTS);
    const values: (number | string)[] = [];
    for (let i = 0; i < n; i++) {
      const x = arr[i];
      values.push(typeof x === "bigint" ? x.toString() : x);
    }
    spend(state, n * 8);
    return arr.length > n ? { type, length: arr.length, values, truncated: true } : values;
  }
  const bytes = ArrayBuffer.isView(obj)
    ? new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength)
    : new Uint8Array(obj as ArrayBufferLike);
  spend(state, BINARY_PREVIEW_BYTES * 2);
  return {
    type,
    byteLength: bytes.byteLength,
    base64Preview: Buffer.from(bytes.subarray(0, BINARY_PREVIEW_BYTES)).toString("base64"),
  };
}

/** A short, never-throwing description of an error-like value. */
export function describeError(err: unknown): string {
  try {
    if (err instanceof Error) return `${err.name}: ${err.message}`;
    return String(err);
  } catch {
    return "unknown error";
  }
}

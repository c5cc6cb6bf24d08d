import { encodeBySafeWalk, encodeJson } from "./encode.js";
import { isSecretKey, SHORTEST_SECRET_KEY } from "./sanitize.js";

/**
 * A value captured when it was set and JSON-encoded later, at export, off the caller's path: a deep copy of plain
 * data (plain objects, arrays, finite numbers, booleans, null) whose strings are shared with the caller's — strings
 * are immutable, so sharing them costs nothing and later mutation of the caller's objects cannot reach the copy.
 */
export class CapturedValue {
  /** @param value the copy; @param maxChars the per-field cap in force when it was captured. */
  constructor(
    readonly value: unknown,
    readonly maxChars: number,
  ) {}

  /** The JSON text, exactly what encoding the original value when it was set would have given. */
  encode(): string {
    const json = JSON.stringify(this.value) ?? "null";
    return json.length <= this.maxChars ? json : encodeJson(this.value, this.maxChars);
  }
}

/** An attribute as a span holds it: JSON text, or a captured value still to be encoded. */
export type HeldValue = string | CapturedValue;

/** The JSON text of a held value. */
export function encodeHeld(held: HeldValue): string {
  return typeof held === "string" ? held : held.encode();
}

const NOT_PLAIN = Symbol("not plain");
const NODE_LIMIT = 20_000;
const MAX_DEPTH = 32;

interface CopyBudget {
  nodes: number;
  /** Characters of strings left before the value could exceed the cap: then it is encoded (and cut) now. */
  chars: number;
}

/**
 * Captures `value` for a span: plain data of at most `maxChars` characters of strings is copied (cheap: no
 * encoding); anything else — class instances, binary, cycles, secrets by key, oversized values — is encoded now
 * by the safe path, which truncates with a marker and so keeps memory bounded.
 */
export function captureValue(value: unknown, maxChars: number): HeldValue {
  switch (typeof value) {
    case "number":
    case "boolean":
    case "undefined":
      return encodeJson(value, maxChars);
    case "string":
      return value.length <= maxChars ? new CapturedValue(value, maxChars) : encodeBySafeWalk(value, maxChars);
  }
  if (value === null) return "null";
  const budget = { nodes: 0, chars: maxChars };
  let copy: unknown = NOT_PLAIN;
  try {
    copy = copyPlain(value, 0, budget);
  } catch {
    // A throwing getter or a hostile proxy: the safe path records what it can.
  }
  if (copy !== NOT_PLAIN) return new CapturedValue(copy, maxChars);
  return budget.chars < 0 ? encodeBySafeWalk(value, maxChars) : encodeJson(value, maxChars);
}

/** A copy of `v` when JSON.stringify would reproduce it faithfully and no key could hold a secret; else NOT_PLAIN. */
function copyPlain(v: unknown, depth: number, budget: CopyBudget): unknown {
  if (++budget.nodes > NODE_LIMIT || depth > MAX_DEPTH) return NOT_PLAIN;
  switch (typeof v) {
    case "string":
      budget.chars -= v.length;
      return budget.chars < 0 ? NOT_PLAIN : v;
    case "number":
      return Number.isFinite(v) ? v : NOT_PLAIN;
    case "boolean":
    case "undefined":
      return v;
    case "object":
      if (v === null) return null;
      return Array.isArray(v) ? copyArray(v, depth, budget) : copyObject(v, depth, budget);
    default:
      return NOT_PLAIN;
  }
}

function copyArray(arr: unknown[], depth: number, budget: CopyBudget): unknown {
  const n = arr.length;
  if (n > NODE_LIMIT - budget.nodes) return NOT_PLAIN;
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const item = copyPlain(arr[i], depth + 1, budget);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    out.push(item);
  }
  return out;
}

function copyObject(obj: object, depth: number, budget: CopyBudget): unknown {
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  // Own enumerable string keys, in JSON.stringify's order; values read as it reads them (getters run now).
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key.length >= SHORTEST_SECRET_KEY && isSecretKey(key)) return NOT_PLAIN;
    const item = copyPlain((obj as Record<string, unknown>)[key], depth + 1, budget);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (key === "__proto__") Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}

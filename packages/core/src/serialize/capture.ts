import { encodeBySafeWalk, encodeJson, walkBudget } from "./encode.js";
import { isSecretKey, SHORTEST_SECRET_KEY } from "./sanitize.js";

/**
 * A value captured when it was set and JSON-encoded later, at export, off the caller's path: a deep copy of plain
 * data (plain objects, arrays, finite numbers, booleans, null) whose strings are shared with the caller's — strings
 * are immutable, so sharing them costs nothing and later mutation of the caller's objects cannot reach the copy.
 *
 * A value over the cap is copied only as far as the truncating encoder will read it ({@link walkBudget} characters of
 * strings); past that point the copy keeps just the shape the encoder's markers count (array lengths, key counts).
 * So a field over the cap costs the caller no more than one just under it, and the trace holds about the cap.
 */
export class CapturedValue {
  /**
   * @param value the copy; @param maxChars the per-field cap in force when it was captured;
   * @param truncated true when the copy stops short of the value (it is over the cap).
   */
  constructor(
    readonly value: unknown,
    readonly maxChars: number,
    readonly truncated = false,
  ) {}

  /** The JSON text, exactly what encoding the original value when it was set would have given. */
  encode(): string {
    if (this.truncated) return encodeBySafeWalk(this.value, this.maxChars);
    const json = JSON.stringify(this.value) ?? "null";
    // Over the cap only by its keys and quotes: cut by the same walk (the value is plain, no need to check again).
    return json.length <= this.maxChars ? json : encodeBySafeWalk(this.value, this.maxChars);
  }
}

/** An attribute as a span holds it: JSON text, or a captured value still to be encoded. */
export type HeldValue = string | CapturedValue;

/** The JSON text of a held value. */
export function encodeHeld(held: HeldValue): string {
  return typeof held === "string" ? held : held.encode();
}

const NOT_PLAIN = Symbol("not plain");
/** Stands for what lies past the truncation point: never read by the encoder, which has stopped before it. */
const PAST_CUT = null;
const NODE_LIMIT = 20_000;
const MAX_DEPTH = 32;

interface CopyBudget {
  nodes: number;
  /** Characters of strings the encoder may still read; below zero, the copy keeps only shapes. */
  chars: number;
}

/**
 * Captures `value` for a span: plain data is copied (cheap: no encoding), an over-cap value only as far as it will
 * be recorded; anything else — class instances, binary, cycles, secrets by key — is encoded now by the safe path,
 * which truncates with a marker and so keeps memory bounded.
 */
export function captureValue(value: unknown, maxChars: number): HeldValue {
  switch (typeof value) {
    case "number":
    case "boolean":
    case "undefined":
      return encodeJson(value, maxChars);
    case "string":
      // Shared, never copied: encoding (and cutting) it waits for export whatever its size.
      return new CapturedValue(value, maxChars, value.length > maxChars);
  }
  if (value === null) return "null";
  const budget = { nodes: 0, chars: walkBudget(maxChars) };
  let copy: unknown = NOT_PLAIN;
  try {
    copy = copyPlain(value, 0, budget);
  } catch {
    // A throwing getter or a hostile proxy: the safe path records what it can.
  }
  return copy === NOT_PLAIN ? encodeJson(value, maxChars) : new CapturedValue(copy, maxChars, budget.chars < 0);
}

/**
 * A copy of `v` when JSON.stringify would reproduce it faithfully and no key could hold a secret; else NOT_PLAIN.
 * Once the string budget is spent, the rest is not read: arrays keep their length (holes), objects their keys.
 */
function copyPlain(v: unknown, depth: number, budget: CopyBudget): unknown {
  if (budget.chars < 0) return PAST_CUT;
  if (++budget.nodes > NODE_LIMIT || depth > MAX_DEPTH) return NOT_PLAIN;
  switch (typeof v) {
    case "string":
      // Kept whole even when it crosses the budget: the encoder cuts it and names its full length.
      budget.chars -= v.length;
      return v;
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
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    if (budget.chars < 0) {
      // The encoder counts the items left ("[…N more items]") but reads none of them.
      out.length = n;
      break;
    }
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
    if (budget.chars < 0) {
      // Past the cut only the key count matters to the encoder ("N more keys"); values are not read.
      setOwn(out, key, PAST_CUT);
      continue;
    }
    if (key.length >= SHORTEST_SECRET_KEY && isSecretKey(key)) return NOT_PLAIN;
    const item = copyPlain((obj as Record<string, unknown>)[key], depth + 1, budget);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    setOwn(out, key, item);
  }
  return out;
}

function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

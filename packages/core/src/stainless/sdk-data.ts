import { types } from "node:util";

/** Written where an accessor property was not read (reading it would run someone's getter). */
export const ACCESSOR_NOT_READ = "[accessor: not read]";
/** Written instead of a Proxy (any look at it would run its traps). */
export const PROXY_NOT_READ = "[Proxy: not read]";

const MAX_DEPTH = 64;

/**
 * A copy of data the SDK parsed (a response body, a streamed chunk) made without running anyone's code: only own
 * enumerable data properties are read — accessors, Proxies and `toJSON` are left alone, arrays are walked by index
 * (never through their own `map`, iterator or `Symbol.species`). For the SDK's own JSON-parsed objects this is an
 * exact copy; for objects a custom parser returned, every getter runs exactly as often as without tracing.
 */
export function snapshotSdkData(value: unknown): unknown {
  return copy(value, 0, new Set());
}

function copy(value: unknown, depth: number, ancestors: Set<object>): unknown {
  if (value === null || typeof value !== "object") return typeof value === "function" ? undefined : value;
  if (types.isProxy(value)) return PROXY_NOT_READ;
  if (ArrayBuffer.isView(value) || value instanceof Date) return value;
  if (depth >= MAX_DEPTH) return "[MaxDepth]";
  if (ancestors.has(value)) return "[Circular]";
  ancestors.add(value);
  try {
    return Array.isArray(value) ? copyArray(value, depth, ancestors) : copyObject(value, depth, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function copyEntry(descriptor: PropertyDescriptor | undefined, depth: number, ancestors: Set<object>): unknown {
  if (!descriptor) return undefined;
  return "value" in descriptor ? copy(descriptor.value, depth + 1, ancestors) : ACCESSOR_NOT_READ;
}

function copyArray(array: unknown[], depth: number, ancestors: Set<object>): unknown[] {
  const length = Object.getOwnPropertyDescriptor(array, "length")?.value as number;
  const out: unknown[] = [];
  for (let i = 0; i < length; i++) {
    const item = copyEntry(Object.getOwnPropertyDescriptor(array, i), depth, ancestors);
    out.push(item === undefined ? null : item);
  }
  return out;
}

function copyObject(obj: object, depth: number, ancestors: Set<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    const item = copyEntry(Object.getOwnPropertyDescriptor(obj, key), depth, ancestors);
    if (item === undefined) continue;
    if (key === "__proto__") Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}

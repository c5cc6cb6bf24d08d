/**
 * Byte size of `JSON.stringify(value)` in UTF-8, computed without building the text: measuring a trace's spans
 * this way costs a pass over their strings and allocates nothing (MLflow's size stats are about that text).
 * For JSON data: strings, numbers, booleans, null, arrays and plain objects (`undefined` members are skipped, as
 * JSON.stringify skips them).
 */
export function jsonByteLength(value: unknown): number {
  switch (typeof value) {
    case "string":
      return jsonStringByteLength(value);
    case "number":
      return Number.isFinite(value) ? String(value).length : 4;
    case "boolean":
      return value ? 4 : 5;
    case "object":
      if (value === null) return 4;
      return Array.isArray(value) ? arrayByteLength(value) : objectByteLength(value as Record<string, unknown>);
    default:
      return 0;
  }
}

function arrayByteLength(arr: unknown[]): number {
  let n = 2 + Math.max(0, arr.length - 1);
  for (let i = 0; i < arr.length; i++) {
    const item = arr[i];
    n += item === undefined || typeof item === "function" || typeof item === "symbol" ? 4 : jsonByteLength(item);
  }
  return n;
}

function objectByteLength(obj: Record<string, unknown>): number {
  let n = 2;
  let members = 0;
  for (const key of Object.keys(obj)) {
    const item = obj[key];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    n += jsonStringByteLength(key) + 1 + jsonByteLength(item);
    members++;
  }
  return n + Math.max(0, members - 1);
}

/** UTF-8 bytes of a string once JSON-quoted and escaped. */
export function jsonStringByteLength(s: string): number {
  let n = s.length + 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0x22 || c === 0x5c) n += 1;
      else if (c < 0x20) n += c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d ? 1 : 5;
    } else if (c < 0x800) {
      n += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 2; // a pair: 2 UTF-16 units, 4 bytes
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      n += 5; // a lone surrogate is written as \udXXX
    } else {
      n += 2;
    }
  }
  return n;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

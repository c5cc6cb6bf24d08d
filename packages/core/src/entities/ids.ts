import { randomFillSync } from "node:crypto";

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolHex = "";
let poolOffset = POOL_BYTES * 2;

/**
 * Random hex from a pooled buffer: one syscall and one hex conversion per 4 KiB instead of per ID (an ID is then a
 * slice of the pool's hex text).
 */
function randomHex(bytes: number): string {
  const chars = bytes * 2;
  if (poolOffset + chars > poolHex.length) {
    randomFillSync(pool);
    poolHex = pool.toString("hex");
    poolOffset = 0;
  }
  const hex = poolHex.slice(poolOffset, poolOffset + chars);
  poolOffset += chars;
  return hex;
}

const ALL_ZERO_TRACE = "0".repeat(32);
const ALL_ZERO_SPAN = "0".repeat(16);

/**
 * A W3C/OpenTelemetry trace ID: 32 lowercase hex characters — the creation time in milliseconds (12 digits), then
 * 10 random bytes (so the right-most 7 bytes are random, as W3C trace context asks, and sampling by trace ID stays
 * uniform). Time-ordered IDs, as AWS X-Ray's, make the trace-keyed indexes of the SQLite store grow at their end
 * instead of at random pages: each trace written dirties far fewer pages.
 */
export function newOtelTraceId(): string {
  return Date.now().toString(16).padStart(12, "0").slice(-12) + randomHex(10);
}

/** A W3C/OpenTelemetry span ID: 16 lowercase hex characters, never all zero. */
export function newOtelSpanId(): string {
  let id = randomHex(8);
  while (id === ALL_ZERO_SPAN) id = randomHex(8);
  return id;
}

/** MLflow's trace ID for an OpenTelemetry trace ID: `tr-` + 32 hex. */
export function mlflowTraceId(otelTraceId: string): string {
  return `tr-${otelTraceId}`;
}

/** The OpenTelemetry trace ID inside an MLflow trace ID (`tr-<hex>`). */
export function otelTraceIdOf(mlflowId: string): string {
  return mlflowId.startsWith("tr-") ? mlflowId.slice(3) : mlflowId;
}

const BASE64_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const HEX_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUES["0123456789abcdef".charCodeAt(i)] = i;
  HEX_VALUES["0123456789ABCDEF".charCodeAt(i)] = i;
}

/** The byte at hex position `i` (two digits), or -1 when they are not hex. */
function hexByte(hex: string, i: number): number {
  const hi = HEX_VALUES[hex.charCodeAt(i)] ?? -1;
  const lo = HEX_VALUES[hex.charCodeAt(i + 1)] ?? -1;
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

/** Base64 of the bytes of a short, well-formed hex string (an ID); undefined for anything else. */
function shortHexToBase64(hex: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 2) {
    const b = hexByte(hex, i);
    if (b < 0) return undefined;
    bytes.push(b);
  }
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64_DIGITS[n >> 18] + BASE64_DIGITS[(n >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64_DIGITS[(n >> 6) & 63] : "=";
    out += i + 2 < bytes.length ? BASE64_DIGITS[n & 63] : "=";
  }
  return out;
}

/** Hex → base64 of the raw bytes, the encoding MLflow's JSON uses for span and trace IDs. */
export function hexToBase64(hex: string): string {
  // IDs (16 or 32 hex digits) are converted here, several times faster than through a Buffer.
  const fast = hex.length <= 64 && hex.length % 2 === 0 ? shortHexToBase64(hex) : undefined;
  return fast ?? Buffer.from(hex, "hex").toString("base64");
}

/** Base64 of raw bytes → lowercase hex. */
export function base64ToHex(b64: string): string {
  return Buffer.from(b64, "base64").toString("hex");
}

/** True for a 32-hex OpenTelemetry trace ID. */
export function isOtelTraceId(id: string): boolean {
  return /^[0-9a-f]{32}$/.test(id) && id !== ALL_ZERO_TRACE;
}

/** True for a 16-hex OpenTelemetry span ID. */
export function isOtelSpanId(id: string): boolean {
  return /^[0-9a-f]{16}$/.test(id) && id !== ALL_ZERO_SPAN;
}

import { randomFillSync } from "node:crypto";

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** Random bytes from a pooled buffer: one syscall per 4 KiB instead of one per ID. */
function randomHex(bytes: number): string {
  if (poolOffset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString("hex", poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

const ALL_ZERO_TRACE = "0".repeat(32);
const ALL_ZERO_SPAN = "0".repeat(16);

/** A W3C/OpenTelemetry trace ID: 32 lowercase hex characters, never all zero. */
export function newOtelTraceId(): string {
  let id = randomHex(16);
  while (id === ALL_ZERO_TRACE) id = randomHex(16);
  return id;
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

/** Hex → base64 of the raw bytes, the encoding MLflow's JSON uses for span and trace IDs. */
export function hexToBase64(hex: string): string {
  return Buffer.from(hex, "hex").toString("base64");
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

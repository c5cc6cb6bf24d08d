import { deflateRawSync, inflateRawSync } from "node:zlib";

/**
 * Trace JSON as stored: raw DEFLATE at level 1. Trace JSON compresses 3–4× (span attributes repeat keys and the
 * trace ID), which is what keeps a store below the size of the JSON it holds; level 1 costs the writer least.
 */
export function packJson(value: unknown): Uint8Array {
  return packText(JSON.stringify(value));
}

/** {@link packJson} of JSON text already made (the store writer's pre-encoded traces). */
export function packText(json: string): Uint8Array {
  return deflateRawSync(json, { level: 1 });
}

/** Reads a value {@link packJson} stored. */
export function unpackJson<T>(blob: Uint8Array): T {
  return JSON.parse(inflateRawSync(blob).toString("utf8")) as T;
}

import { constants, createDeflateRaw, deflateRawSync, inflateRawSync, type DeflateRaw } from "node:zlib";

/** Deflate level: 1 costs the writer least; trace JSON still compresses 3–4× (span attributes repeat keys and IDs). */
const LEVEL = 1;

/**
 * Trace JSON as stored: raw DEFLATE at {@link LEVEL}. Trace JSON compresses 3–4×, which is what keeps a store below
 * the size of the JSON it holds.
 */
export function packJson(value: unknown): Uint8Array {
  return packText(JSON.stringify(value));
}

/** {@link packJson} of JSON text already made (the store writer's pre-encoded traces). */
export function packText(json: string): Uint8Array {
  return reusedDeflate([json], false) ?? deflateRawSync(json, { level: LEVEL });
}

/**
 * {@link packText} of the JSON array `[a,b,…]` whose elements' texts are `items` (a trace's span texts), written
 * into the engine's input one by one: joining them first made one large string that V8 flattened into fresh memory
 * when it was measured (profiled: a third of the writer's compression time).
 */
export function packList(items: readonly string[]): Uint8Array {
  return reusedDeflate(items, true) ?? deflateRawSync(`[${items.join(",")}]`, { level: LEVEL });
}

/** Reads a value {@link packJson} stored. */
export function unpackJson<T>(blob: Uint8Array): T {
  return JSON.parse(inflateRawSync(blob).toString("utf8")) as T;
}

/** The parts of Node's zlib stream object that compress synchronously without closing it (stable since Node 10). */
interface ZlibInternals {
  _handle?: { writeSync?(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void };
  /** `[output bytes left, input bytes left]` after a writeSync. */
  _writeState?: Uint32Array;
}

/**
 * One deflate engine per thread, reset for each payload. `deflateRawSync` builds a stream object, a 16 KB output
 * buffer and zlib's ≈ 256 KB state for every call and closes them after: for a few KB of span JSON that setup was
 * most of the writer's compression time (measured: 60–150 µs per 4 KB payload fresh, 12–37 µs reused, byte-identical
 * output). Node's public zlib API has no synchronous call that keeps the engine, so this uses the stream's handle as
 * Node's own `deflateRawSync` does; if that ever changes shape, {@link packText} falls back to `deflateRawSync`.
 */
let engine: { stream: DeflateRaw; internals: Required<ZlibInternals> } | undefined | null;
let input = Buffer.alloc(0);
let output = Buffer.alloc(0);

/** Deflates `texts` concatenated (as a JSON array of them when `asList`) with the one engine of this thread. */
function reusedDeflate(texts: readonly string[], asList: boolean): Uint8Array | undefined {
  if (engine === null) return undefined;
  try {
    if (!engine) {
      const stream = createDeflateRaw({ level: LEVEL });
      const internals = stream as unknown as ZlibInternals;
      if (typeof internals._handle?.writeSync !== "function" || !(internals._writeState instanceof Uint32Array)) throw new Error("zlib internals changed");
      engine = { stream, internals: internals as Required<ZlibInternals> };
    }
    // At most 3 UTF-8 bytes per UTF-16 unit, plus brackets and commas: nothing is measured before it is written.
    let most = texts.length + 1;
    for (const t of texts) most += 3 * t.length;
    if (input.length < most) input = Buffer.allocUnsafeSlow(Math.max(most, 2 * input.length));
    let length = 0;
    if (asList) input[length++] = 0x5b;
    for (let i = 0; i < texts.length; i++) {
      if (asList && i > 0) input[length++] = 0x2c;
      length += input.write(texts[i], length, "utf8");
    }
    if (asList) input[length++] = 0x5d;
    // Deflate never grows data by more than a few bytes per 16 KB block; leave room for that.
    const room = length + (length >> 7) + 64;
    if (output.length < room) output = Buffer.allocUnsafeSlow(Math.max(room, 2 * output.length));
    engine.stream.reset();
    engine.internals._handle.writeSync!(constants.Z_FINISH, input, 0, length, output, 0, output.length);
    const [outLeft, inLeft] = engine.internals._writeState;
    if (inLeft !== 0 || outLeft === 0) throw new Error("deflate did not finish in one call");
    return Buffer.from(output.subarray(0, output.length - outLeft));
  } catch {
    engine?.stream.close();
    engine = null;
    return undefined;
  }
}

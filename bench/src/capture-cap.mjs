/**
 * Capture at the per-field cap (default 1,000,000 characters): what a field just under the cap and one over it cost on
 * the caller's path, and 10 MB in one span against one `JSON.stringify` of that payload. Traces go to an in-memory
 * store (this measures capture, not writing). Run in a child process by run-all.mjs.
 */
import { configure, flush, shutdown, trace } from "@traceloom/core";
import { sendResult } from "./child.mjs";
import { msSince, now, yieldToEventLoop } from "./clock.mjs";
import { chatPayload, wordText } from "./payload.mjs";
import { median, overhead, summarize } from "./stats.mjs";

const CAP = 1_000_000;
const ITERATIONS = 60;

/** Fields around the cap: a plain string, and chat messages (an object of many strings). */
export const CASES = [
  { label: "string, just under the cap", make: () => wordText(990_000, 1) },
  { label: "string, just over the cap", make: () => wordText(1_010_000, 1) },
  { label: "chat messages, just under the cap", make: () => chatPayload(990_000, 1) },
  { label: "chat messages, just over the cap", make: () => chatPayload(1_010_000, 1) },
  { label: "chat messages, 2 MB (1 MB over the cap)", make: () => chatPayload(2_000_000, 1) },
];

/** Interleaved plain/traced calls of a one-span function taking `field` as its input; overhead per call. */
async function measureField(field) {
  const plain = function step(input) {
    return input === undefined ? undefined : "ok";
  };
  const traced = trace(plain, { name: "step" });
  const samples = { plain: [], traced: [] };
  for (let i = 0; i < ITERATIONS + 10; i++) {
    for (const [name, fn] of i % 2 ? [["plain", plain], ["traced", traced]] : [["traced", traced], ["plain", plain]]) {
      const start = now();
      fn(field);
      const took = msSince(start);
      if (i >= 10) samples[name].push(took);
    }
    await flush();
    await yieldToEventLoop();
  }
  return { traced: summarize(samples.traced), overhead: overhead(samples.traced, samples.plain) };
}

/** 10 MB in one span (5 MB of inputs, 5 MB of outputs) against one JSON.stringify of those 10 MB, interleaved. */
async function measureTenMegabytes() {
  const request = chatPayload(5_000_000, 1);
  const answer = chatPayload(5_000_000, 1000);
  const plain = function agent(input) {
    return input === undefined ? undefined : answer;
  };
  const traced = trace(plain, { name: "agent" });
  const caller = [];
  const stringify = [];
  for (let i = 0; i < 25; i++) {
    let start = now();
    traced(request);
    const tracedMs = msSince(start);
    start = now();
    plain(request);
    const plainMs = msSince(start);
    start = now();
    JSON.stringify([request, answer]);
    const stringifyMs = msSince(start);
    if (i >= 5) {
      caller.push(tracedMs - plainMs);
      stringify.push(stringifyMs);
    }
    await flush();
    await yieldToEventLoop();
  }
  return { callerMs: median(caller), stringifyMs: median(stringify) };
}

export async function runCaptureCap() {
  await configure({ trackingUri: "memory:", maxFieldBytes: CAP });
  const rows = [];
  for (const c of CASES) {
    const field = c.make();
    rows.push({ label: c.label, fieldChars: JSON.stringify(field).length, ...(await measureField(field)) });
  }
  const tenMB = await measureTenMegabytes();
  await shutdown();
  return { cap: CAP, iterations: ITERATIONS, rows, tenMB };
}

if (import.meta.url === `file://${process.argv[1]}`) sendResult(await runCaptureCap());

/**
 * Caller's-path overhead versus trace size: `trace()`-wrapped functions against the same plain functions, with
 * chat-shaped inputs and outputs adding up to 10 KB, 1 MB and 10 MB per trace. Traces go to the default SQLite
 * store; its writes happen off the caller's path, between measurements, and are timed separately (`flush()`).
 * Run in a child process by run-all.mjs; prints its result when run by hand.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, flush, shutdown, trace } from "@traceloom/core";
import { msSince, now, yieldToEventLoop } from "./clock.mjs";
import { sendResult } from "./child.mjs";
import { chatPayload, jsonBytes } from "./payload.mjs";
import { overhead, summarize } from "./stats.mjs";

/** Trace sizes and how many measured calls each gets (plus 20% warm-up). */
export const SIZES = [
  { label: "10 KB", bytes: 10_000, iterations: 2_000, exportTraces: 200 },
  { label: "1 MB", bytes: 1_000_000, iterations: 150, exportTraces: 20 },
  { label: "10 MB", bytes: 10_000_000, iterations: 20, exportTraces: 4 },
];

/** Trace shapes: one span holding the whole payload, or an agent root with nine child steps sharing it. */
export const SHAPES = [
  { label: "1 span", spans: 1 },
  { label: "10 spans", spans: 10 },
];

/**
 * The plain and traced versions of one workload: each span gets inputs and outputs of `bytes / (2 × spans)`.
 * @param {number} bytes
 * @param {number} spans
 * @param {boolean} isAsync
 */
function workload(bytes, spans, isAsync) {
  const field = Math.floor(bytes / (2 * spans));
  const request = chatPayload(field, 1);
  const stepInputs = Array.from({ length: spans - 1 }, (_, i) => chatPayload(field, 10 + i));
  const stepOutputs = Array.from({ length: spans - 1 }, (_, i) => chatPayload(field, 100 + i));
  const answer = chatPayload(field, 1000);
  const build = (wrap) => {
    const step = isAsync
      ? wrap(async function step(index, request) {
          return request === undefined ? undefined : stepOutputs[index];
        }, "TOOL")
      : wrap(function step(index, request) {
          return request === undefined ? undefined : stepOutputs[index];
        }, "TOOL");
    const agent = isAsync
      ? wrap(async function agent(request) {
          for (let i = 0; i < stepInputs.length; i++) await step(i, stepInputs[i]);
          return request === undefined ? undefined : answer;
        }, "AGENT")
      : wrap(function agent(request) {
          for (let i = 0; i < stepInputs.length; i++) step(i, stepInputs[i]);
          return request === undefined ? undefined : answer;
        }, "AGENT");
    return agent;
  };
  const plain = build((fn) => fn);
  const traced = build((fn, spanType) => trace(fn, { name: fn.name, spanType }));
  const traceBytes = jsonBytes(request) + jsonBytes(answer) + stepInputs.reduce((n, s, i) => n + jsonBytes(s) + jsonBytes(stepOutputs[i]), 0);
  return { plain, traced, request, traceBytes };
}

/**
 * Times `calls` interleaved calls of the plain and the traced function (alternating which goes first), yielding to
 * the event loop after each pair so queued exports run between measurements, not inside them.
 */
async function measure({ plain, traced, request }, isAsync, iterations) {
  const warmup = Math.max(5, Math.floor(iterations / 5));
  const samples = { plain: [], traced: [], plainSync: [], tracedSync: [] };
  const timeOne = async (fn, total, sync, record) => {
    const start = now();
    const result = fn(request);
    const syncMs = msSince(start);
    if (isAsync) await result;
    const totalMs = msSince(start);
    if (record) {
      total.push(totalMs);
      sync.push(syncMs);
    }
  };
  for (let i = 0; i < warmup + iterations; i++) {
    const record = i >= warmup;
    if (i % 2 === 0) {
      await timeOne(plain, samples.plain, samples.plainSync, record);
      await timeOne(traced, samples.traced, samples.tracedSync, record);
    } else {
      await timeOne(traced, samples.traced, samples.tracedSync, record);
      await timeOne(plain, samples.plain, samples.plainSync, record);
    }
    await yieldToEventLoop();
  }
  return samples;
}

/** Off-path cost: `count` traces queued without yielding, then the time `flush()` takes to write them, per trace. */
async function exportCost({ traced, request }, count) {
  await flush();
  for (let i = 0; i < count; i++) traced(request);
  const start = now();
  await flush();
  return msSince(start) / count;
}

/** Runs every size × shape, sync and async, against a fresh SQLite file; returns one row per combination. */
export async function runCallerPath() {
  const dir = mkdtempSync(join(tmpdir(), "traceloom-bench-"));
  const rows = [];
  try {
    await configure({ trackingUri: join(dir, "traceloom.db") });
    for (const size of SIZES) {
      for (const shape of SHAPES) {
        const sync = workload(size.bytes, shape.spans, false);
        const syncSamples = await measure(sync, false, size.iterations);
        const asyncWork = workload(size.bytes, shape.spans, true);
        const asyncSamples = await measure(asyncWork, true, size.iterations);
        const sqliteExportMs = await exportCost(sync, size.exportTraces);
        rows.push({
          size: size.label,
          shape: shape.label,
          traceBytes: sync.traceBytes,
          iterations: size.iterations,
          sync: { plain: summarize(syncSamples.plain), traced: summarize(syncSamples.traced), overhead: overhead(syncSamples.traced, syncSamples.plain) },
          async: {
            plain: summarize(asyncSamples.plain),
            traced: summarize(asyncSamples.traced),
            overhead: overhead(asyncSamples.traced, asyncSamples.plain),
            syncPartOverhead: overhead(asyncSamples.tracedSync, asyncSamples.plainSync),
          },
          sqliteExportMsPerTrace: sqliteExportMs,
        });
      }
    }
    await configure({ trackingUri: "memory:" });
    for (const size of SIZES) {
      for (const shape of SHAPES) {
        const row = rows.find((r) => r.size === size.label && r.shape === shape.label);
        row.memoryExportMsPerTrace = await exportCost(workload(size.bytes, shape.spans, false), size.exportTraces);
      }
    }
    await shutdown();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) sendResult(await runCallerPath());

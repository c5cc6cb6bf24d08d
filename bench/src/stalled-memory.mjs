/**
 * Memory under a burst with a stalled exporter: 100,000 traces produced as fast as the caller can while the only
 * destination's `export` never settles. The bounded queue should hold at most its capacity and count the rest as
 * dropped. Needs `--expose-gc` (heap measured after full collections). Run in a child process by run-all.mjs.
 */
import { configure, exportStats, flush, trace } from "@traceloom/core";
import { sendResult } from "./child.mjs";
import { msSince, now, yieldToEventLoop } from "./clock.mjs";
import { chatPayload, jsonBytes } from "./payload.mjs";

const TRACES = 100_000;
/** Traces between two yields, so the queue's timer fires and the stalled export is really in flight. */
const BURST = 1_000;

const MB = 2 ** 20;

function memory() {
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

export async function runStalledMemory() {
  if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
  let exportCalls = 0;
  const stalled = {
    name: "stalled",
    export() {
      exportCalls++;
      return new Promise(() => {});
    },
  };
  await configure({ sinks: [stalled], disableLocalStore: true });
  const request = chatPayload(500, 1);
  const answer = chatPayload(500, 2);
  const handle = trace(function handle(input) { return input ? answer : undefined; }, { spanType: "CHAIN" });
  handle(request);
  await yieldToEventLoop();
  const before = memory();
  const start = now();
  for (let done = 0; done < TRACES; done += BURST) {
    for (let i = 0; i < BURST; i++) handle(request);
    await yieldToEventLoop();
  }
  const burstMs = msSince(start);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const after = memory();
  const stats = exportStats()[0];
  const flushed = await Promise.race([flush().then(() => "settled"), new Promise((r) => setTimeout(() => r("still waiting"), 200))]);
  return {
    traces: TRACES + 1,
    traceBytes: jsonBytes(request) + jsonBytes(answer),
    burstMs,
    callerMsPerTrace: burstMs / TRACES,
    heapGrowthMB: (after.heapUsed - before.heapUsed) / MB,
    rssGrowthMB: (after.rss - before.rss) / MB,
    heapAfterMB: after.heapUsed / MB,
    rssAfterMB: after.rss / MB,
    exportCalls,
    stats,
    flushAfter200ms: flushed,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) sendResult(await runStalledMemory());

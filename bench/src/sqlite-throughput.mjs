/**
 * Throughput into the SQLite store: small agent traces (a root and two child spans, about 6 KB) produced with
 * `trace()` as fast as the caller can, written by the store's queue and writer thread (and, for comparison, as
 * before: on the main thread behind a dropping queue), until `flush()` returns; and the store's own
 * `writeTraces` in batches of the queue's size, without the tracer. Run in a child process by run-all.mjs.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, exportStats, flush, shutdown, SqliteTraceStore, startSpan } from "@traceloom/core";
import { agentWorkload, storeConfig } from "./agent-workload.mjs";
import { sendResult } from "./child.mjs";
import { msSince, now, processCpuMs, threadCpuMs, yieldToEventLoop } from "./clock.mjs";

const TRACES = 10_000;
/** Traces produced between two yields to the event loop (below the queue's 2048 bound, so nothing is dropped). */
const BURST = 500;
const BATCH = 128;

/**
 * End to end: trace() → queue → SQLite, in bursts; returns traces/s and how many traces the store holds afterwards.
 * `mode` is a destination of agent-workload.mjs (the store now, or as it was before: written on the main thread).
 */
async function endToEnd(dbPath, mode) {
  await configure(await storeConfig(mode, dbPath));
  const { agent, question } = agentWorkload();
  agent(question);
  await flush();
  const start = now();
  const cpuStart = { caller: threadCpuMs(), process: processCpuMs() };
  let callerMs = 0;
  for (let done = 0; done < TRACES; done += BURST) {
    const burstStart = now();
    for (let i = 0; i < BURST; i++) agent(question);
    callerMs += msSince(burstStart);
    await yieldToEventLoop();
  }
  await flush();
  const totalMs = msSince(start);
  const callerCpuMs = threadCpuMs() - cpuStart.caller;
  const allCpuMs = processCpuMs() - cpuStart.process;
  const stats = exportStats()[0];
  await shutdown();
  const store = new SqliteTraceStore(dbPath, { readonly: true });
  const experiments = store.listExperiments();
  store.close();
  return {
    traces: TRACES,
    totalMs,
    tracesPerSecond: (TRACES / totalMs) * 1000,
    spansPerSecond: ((3 * TRACES) / totalMs) * 1000,
    callerMsPerTrace: callerMs / TRACES,
    callerCpuMsPerTrace: Number.isNaN(callerCpuMs) ? undefined : callerCpuMs / TRACES,
    processCpuMsPerTrace: allCpuMs / TRACES,
    exported: stats.exported - 1,
    dropped: stats.dropped,
    stored: experiments.reduce((n, e) => n + (e.traceCount ?? 0), 0),
    dbMB: statSync(dbPath).size / 2 ** 20,
  };
}

/**
 * The store alone: copies of one trace's JSON written in batches of 128, under trace IDs made by the tracer
 * (time-ordered), or under random IDs (traces continued from other services or imported).
 */
async function storeOnly(dbPath, sample, traceIds) {
  const store = new SqliteTraceStore(dbPath);
  const batches = [];
  for (let b = 0; b < TRACES / BATCH; b++) {
    batches.push(Array.from({ length: BATCH }, () => withTraceId(sample, traceIds())));
  }
  const start = now();
  for (const batch of batches) store.writeTraces(batch);
  const totalMs = msSince(start);
  store.close();
  const traces = batches.length * BATCH;
  return { traces, totalMs, tracesPerSecond: (traces / totalMs) * 1000 };
}

/** Trace IDs as the tracer makes them, one after another (tracing off: the spans are not recorded). */
async function tracerTraceIds() {
  await configure({ trackingUri: "memory:", enabled: false });
  const ids = Array.from({ length: Math.ceil(TRACES / BATCH) * BATCH }, () => {
    const span = startSpan({ name: "id" });
    span.end();
    return span.otelTraceId;
  });
  await shutdown();
  return ids;
}

function randomTraceId() {
  return randomBytes(16).toString("hex");
}

/** A copy of a trace's JSON under another trace ID (32 hex). */
function withTraceId(sample, hex) {
  const traceId = `tr-${hex}`;
  const spanTraceId = Buffer.from(hex, "hex").toString("base64");
  return {
    info: { ...sample.info, trace_id: traceId },
    data: { spans: sample.data.spans.map((s) => ({ ...s, trace_id: spanTraceId, attributes: { ...s.attributes, "mlflow.traceRequestId": JSON.stringify(traceId) } })) },
  };
}

/** One sample trace's JSON, as the queue hands it to the store. */
async function sampleTrace() {
  let captured;
  await configure({ trackingUri: "memory:", disableLocalStore: true, sinks: [{ name: "capture", export: (t) => void (captured ??= t[0]) }] });
  const { agent, question } = agentWorkload();
  agent(question);
  await flush();
  await shutdown();
  return captured;
}

export async function runSqliteThroughput() {
  const dir = mkdtempSync(join(tmpdir(), "traceloom-bench-"));
  try {
    const sample = await sampleTrace();
    const tracerIds = (await tracerTraceIds()).values();
    return {
      traceBytes: Buffer.byteLength(JSON.stringify(sample)),
      endToEnd: await endToEnd(join(dir, "e2e.db"), "writer-thread"),
      endToEndBefore: await endToEnd(join(dir, "e2e-before.db"), "before"),
      storeOnly: await storeOnly(join(dir, "store.db"), sample, () => tracerIds.next().value),
      storeOnlyRandomIds: await storeOnly(join(dir, "store-random.db"), sample, randomTraceId),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) sendResult(await runSqliteThroughput());

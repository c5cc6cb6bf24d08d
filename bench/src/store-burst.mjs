/**
 * 100,000 small agent traces produced in a loop that never lets the event loop run (an evaluation or replay loop
 * awaiting each call: microtasks only), with the local store as destination; then `flush()`. Reports what was
 * stored, the peak RSS, and the caller's cost per trace. Run once per mode in a fresh child process (argv[2]).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, exportStats, flush, shutdown, SqliteTraceStore } from "@traceloom/core";
import { agentWorkload, storeConfig } from "./agent-workload.mjs";
import { sendResult } from "./child.mjs";
import { msSince, now, processCpuMs, threadCpuMs } from "./clock.mjs";

export const BURST_TRACES = Number(process.env.BURST_TRACES ?? 100_000);

async function run(mode) {
  const dir = mkdtempSync(join(tmpdir(), "traceloom-burst-"));
  const dbPath = join(dir, "traceloom.db");
  try {
    await configure(await storeConfig(mode, dbPath));
    const { agent, question } = agentWorkload();
    agent(question);
    await flush();
    const start = now();
    const cpuStart = threadCpuMs();
    const processCpuStart = processCpuMs();
    for (let i = 0; i < BURST_TRACES; i++) {
      agent(question);
      await undefined;
    }
    const callerMs = msSince(start);
    const callerCpuMs = threadCpuMs() - cpuStart;
    await flush();
    const totalMs = msSince(start);
    const processCpuMsPerTrace = (processCpuMs() - processCpuStart) / BURST_TRACES;
    const stats = exportStats()[0];
    await shutdown();
    const store = new SqliteTraceStore(dbPath, { readonly: true });
    const stored = store.listExperiments().reduce((n, e) => n + (e.traceCount ?? 0), 0) - 1;
    store.close();
    return {
      mode,
      traces: BURST_TRACES,
      stored,
      dropped: stats.dropped,
      callerMsPerTrace: callerMs / BURST_TRACES,
      callerCpuMsPerTrace: Number.isNaN(callerCpuMs) ? undefined : callerCpuMs / BURST_TRACES,
      processCpuMsPerTrace,
      totalMs,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) sendResult(await run(process.argv[2] ?? "writer-thread"));

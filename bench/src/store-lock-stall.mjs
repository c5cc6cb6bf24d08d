/**
 * While another process holds the store's write lock for 3 s, a traced app keeps producing small agent traces
 * (one per millisecond timer tick); its event-loop delay is sampled (perf_hooks, 1 ms resolution) while the lock is
 * held, and separately for 0.5 s after it is released (the writer catching up). Then `flush()`, and the store is counted. Run once per mode
 * in a fresh child process (argv[2]: a mode of agent-workload.mjs's storeConfig).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { configure, exportStats, flush, shutdown, SqliteTraceStore } from "@traceloom/core";
import { agentWorkload, storeConfig } from "./agent-workload.mjs";
import { sendResult } from "./child.mjs";

export const LOCK_MS = 3_000;

/** A process that takes the write lock, says "locked", holds it for `ms`, then commits and exits. */
function holdLock(dbPath, ms) {
  const script = fileURLToPath(new URL("./hold-write-lock.mjs", import.meta.url));
  const child = spawn(process.execPath, [script, dbPath, String(ms)], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.stdout.on("data", (d) => {
      if (String(d).includes("locked")) resolve({ exited });
    });
  });
}

async function run(mode) {
  const dir = mkdtempSync(join(tmpdir(), "traceloom-lock-"));
  const dbPath = join(dir, "traceloom.db");
  try {
    new SqliteTraceStore(dbPath).close();
    await configure(await storeConfig(mode, dbPath));
    const { agent, question } = agentWorkload();
    for (let i = 0; i < 200; i++) agent(question);
    await flush();
    const lock = await holdLock(dbPath, LOCK_MS);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    let produced = 0;
    const producer = setInterval(() => {
      agent(question);
      produced++;
    }, 1);
    await lock.exited;
    delay.disable();
    const after = monitorEventLoopDelay({ resolution: 1 });
    after.enable();
    await new Promise((r) => setTimeout(r, 500));
    clearInterval(producer);
    after.disable();
    await flush();
    const dropped = exportStats()[0]?.dropped ?? 0;
    await shutdown();
    const store = new SqliteTraceStore(dbPath, { readonly: true });
    const stored = store.listExperiments().reduce((n, e) => n + (e.traceCount ?? 0), 0) - (mode === "untraced" ? 0 : 200);
    store.close();
    return {
      mode,
      lockMs: LOCK_MS,
      produced,
      stored,
      dropped,
      stallP99Ms: delay.percentile(99) / 1e6,
      stallMaxMs: delay.max / 1e6,
      stallMedianMs: delay.percentile(50) / 1e6,
      afterP99Ms: after.percentile(99) / 1e6,
      afterMaxMs: after.max / 1e6,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) sendResult(await run(process.argv[2] ?? "writer-thread"));

import type { ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { FaultProxy, type FaultRule } from "../support/fault-proxy.js";
import { runMlflowPython } from "../support/mlflow-python.js";
import { freePort, startMlflowServer, type MlflowServer } from "../support/mlflow-server.js";
import { runNodeChild, type ChildRun } from "../support/node-child.js";

const child = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "export-child.mjs");
/** Exit deadline where the server cannot take the traces: the exit must not wait longer. */
const DEADLINE_MS = 2_000;
/** Exit deadline where every trace should arrive: MLflow's single worker takes ~50-100 ms per trace on a loaded machine. */
const GENEROUS_DEADLINE_MS = 20_000;
/** Process start-up and teardown on a loaded 2-core machine, on top of the exit deadline. */
const TEARDOWN_SLACK_MS = 1_500;

interface Stats {
  exported: number;
  dropped: number;
  queued: number;
  droppedTraceIds: string[];
}

let server: MlflowServer;
let proxy: FaultProxy | undefined;
let experimentCount = 0;

beforeAll(async () => {
  server = await startMlflowServer("sqlite");
});
afterAll(() => server?.stop());
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

async function withProxy(rule: FaultRule, port = 0): Promise<string> {
  proxy = await new FaultProxy(server.uri).start(port);
  proxy.rule = rule;
  return proxy.url;
}

/** Runs the child against `uri`, in a fresh experiment; returns its run, trace IDs, stats and exit delay. */
async function runChild(uri: string, env: Record<string, string> = {}, onLine?: (line: Record<string, unknown>, proc: ChildProcess) => void) {
  const experiment = `faults-${++experimentCount}-${Date.now()}`;
  const run: ChildRun = await runNodeChild(
    child,
    { MLFLOW_TRACKING_URI: uri, MLFLOW_EXPERIMENT_NAME: experiment, TRACELOOM_EXIT_TIMEOUT_MS: String(DEADLINE_MS), TRACE_COUNT: "20", ...env },
    { onLine },
  );
  const done = run.lines.find((l) => "done" in l)?.done as number;
  const last = run.lines.find((l) => "stats" in l) as { ids: string[]; stats: Stats[] };
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return { run, experiment, ids: last.ids, stats: last.stats[0], exitDelayMs: run.closedAt - done };
}

/** The trace IDs MLflow's own client reads back whole (both spans) from the experiment, and the IDs it lists. */
async function readBack(experiment: string, ids: string[]): Promise<{ whole: string[]; listed: string[] }> {
  const res = await fetch(`${server.uri}/api/2.0/mlflow/experiments/get-by-name?experiment_name=${experiment}`);
  if (res.status === 404) return { whole: [], listed: [] };
  const experimentId = ((await res.json()) as { experiment: { experiment_id: string } }).experiment.experiment_id;
  const got = runMlflowPython<{ get: Record<string, { data?: { spans: unknown[] } }>; search: { info: { trace_id: string } }[] }>(server, "read_traces.py", [
    experimentId,
    "[]",
    ...ids,
  ]);
  const whole = ids.filter((id) => got.get[id]?.data?.spans.length === 2);
  return { whole: whole.sort(), listed: got.search.map((t) => t.info.trace_id).sort() };
}

function exitLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.includes("traces dropped by export this run"));
}

describe("export faults against a real MLflow 3.6 server: exit bounded, losses counted and named exactly", () => {
  test("server down at start: every trace dropped, counted and named in one exit line, exit within the deadline", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const { run, ids, stats, exitDelayMs } = await runChild(dead, { TRACE_COUNT: "30" });
    expect(stats).toEqual(expect.objectContaining({ exported: 0, dropped: 30, queued: 0 }));
    expect([...stats.droppedTraceIds].sort()).toEqual([...ids].sort());
    const [line, ...more] = exitLines(run.stderr);
    expect(more).toEqual([]);
    for (const id of ids) expect(line).toContain(id);
    expect(line).toContain("0 of 30 trace(s) arrived, 30 dropped");
    expect(line).toContain("ECONNREFUSED");
    expect(exitDelayMs).toBeLessThan(DEADLINE_MS + TEARDOWN_SLACK_MS);
  });

  test("stalled server (accepts, never answers): requests aborted at the deadline, every trace named as dropped", async () => {
    const url = await withProxy(({ path }) => (path === "/v1/traces" ? "stall" : "pass"));
    const { run, ids, stats, experiment, exitDelayMs } = await runChild(url, { TRACE_COUNT: "200" });
    expect(exitDelayMs).toBeLessThan(DEADLINE_MS + TEARDOWN_SLACK_MS);
    expect(stats).toEqual(expect.objectContaining({ exported: 0, dropped: 200, queued: 0 }));
    expect(new Set(stats.droppedTraceIds)).toEqual(new Set(ids));
    expect(exitLines(run.stderr)).toEqual([expect.stringContaining("0 of 200 trace(s) arrived, 200 dropped: tr-")]);
    expect((await readBack(experiment, ids)).listed).toEqual([]);
  });

  test("500s mid-run are retried: every trace arrives once, nothing counted as dropped", async () => {
    const url = await withProxy(({ path, seen }) => (path === "/v1/traces" && seen < 2 ? { status: 500 } : "pass"));
    const { run, ids, stats, experiment } = await runChild(url, { TRACELOOM_EXIT_TIMEOUT_MS: String(GENEROUS_DEADLINE_MS) });
    expect(proxy!.to("/v1/traces").slice(0, 2).map((r) => r.answered)).toEqual([500, 500]);
    expect(stats).toEqual(expect.objectContaining({ exported: 20, dropped: 0, droppedTraceIds: [] }));
    expect(exitLines(run.stderr)).toEqual([]);
    const back = await readBack(experiment, ids);
    expect(back.whole).toEqual([...ids].sort());
    expect(back.listed).toEqual([...ids].sort());
  });

  test("503 at exit: retried within the deadline, every trace arrives", async () => {
    const url = await withProxy(({ path, seen }) => (path === "/api/3.0/mlflow/traces" && seen < 3 ? { status: 503 } : "pass"));
    const { run, ids, stats, experiment, exitDelayMs } = await runChild(url, { TRACE_COUNT: "5", EXPORT_AT_EXIT: "1", TRACELOOM_EXIT_TIMEOUT_MS: String(GENEROUS_DEADLINE_MS) });
    expect(proxy!.to("/api/3.0/mlflow/traces").filter((r) => r.answered === 503)).toHaveLength(3);
    expect(stats).toEqual(expect.objectContaining({ exported: 5, dropped: 0 }));
    expect(exitLines(run.stderr)).toEqual([]);
    expect(exitDelayMs).toBeLessThan(GENEROUS_DEADLINE_MS);
    expect((await readBack(experiment, ids)).whole).toEqual([...ids].sort());
  });

  test("413 for an oversized trace: the batch is split, exactly that trace is dropped and named, the rest arrive", async () => {
    const limit = 200_000;
    const url = await withProxy(({ path, bytes }) => (path === "/v1/traces" && bytes > limit ? { status: 413 } : "pass"));
    const { run, ids, stats, experiment } = await runChild(url, { BIG_TRACE: "300000", TRACELOOM_EXIT_TIMEOUT_MS: String(GENEROUS_DEADLINE_MS) });
    const big = ids[0];
    expect(stats).toEqual(expect.objectContaining({ exported: 19, dropped: 1, droppedTraceIds: [big] }));
    expect(exitLines(run.stderr)).toEqual([expect.stringMatching(new RegExp(`19 of 20 trace\\(s\\) arrived, 1 dropped: ${big} — last error: POST http://127\\.0\\.0\\.1:\\d+/v1/traces answered 413`))]);
    const back = await readBack(experiment, ids);
    expect(back.whole).toEqual(ids.slice(1).sort());
    expect(back.listed).toEqual(ids.slice(1).sort());
  });

  test("server restarted mid-run: what was recorded while it was down arrives once it is back", async () => {
    const { run, ids, stats, experiment, exitDelayMs } = await runChild(server.uri, { PHASES: "2", TRACELOOM_EXIT_TIMEOUT_MS: "40000" }, (line, proc) => {
      if (!line.half) return;
      server.stop();
      proc.stdin!.write("go\n");
      server.start();
    });
    expect(run.stderr).toContain("failing, retrying");
    expect(stats, `${JSON.stringify(stats)}\n${run.stderr}`).toEqual(expect.objectContaining({ exported: 20, dropped: 0 }));
    expect(exitDelayMs).toBeLessThan(40_000);
    const back = await readBack(experiment, ids);
    expect(back.whole).toEqual([...ids].sort());
    expect(back.listed).toEqual([...ids].sort());
  });

  test("a port Node's fetch refuses (\"bad port\") works: traceloom's HTTP client has no such list", async () => {
    let url: string | undefined;
    for (const port of [5060, 5061, 6000, 6665, 6666, 6667, 10080]) {
      try {
        url = await withProxy(() => "pass", port);
        break;
      } catch {
        proxy = undefined;
      }
    }
    expect(url, "no bad port was free").toBeDefined();
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    const { ids, stats, experiment } = await runChild(url!, { TRACE_COUNT: "3", TRACELOOM_EXIT_TIMEOUT_MS: String(GENEROUS_DEADLINE_MS) });
    expect(stats).toEqual(expect.objectContaining({ exported: 3, dropped: 0 }));
    expect((await readBack(experiment, ids)).whole).toEqual([...ids].sort());
  });
});

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, exportStats, flush, MlflowSink, shutdown, TraceClient, type TraceJSON } from "@traceloom/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runMlflowPython } from "../support/mlflow-python.js";
import { startMlflowServer, type MlflowServer } from "../support/mlflow-server.js";
import { comparable, spanTimes } from "../support/mlflow-traces.js";
import { repoRoot } from "../support/paths.js";
import { startPostgres, type PostgresCluster } from "../support/postgres.js";
import { recordIntegrationTraces } from "./fixtures/record-integration-traces.js";

const EXPERIMENT = "integrations";
const FILTERS = ["span.type = 'RETRIEVER'", "span.type = 'CHAT_MODEL'", "span.name = 'support_agent'", "status = 'ERROR'"];

interface PythonReadBack {
  get: Record<string, TraceJSON | { error: string }>;
  search: TraceJSON[];
  filters: Record<string, string[] | { error: string }>;
}

const backends = ["sqlite", "file", "postgresql"] as const;
let pg: PostgresCluster | undefined;
const servers: Partial<Record<(typeof backends)[number] | "pushTarget", MlflowServer>> = {};
let dir: string;
let local: TraceJSON[] = [];
const localFilters: Record<string, string[]> = {};

beforeAll(async () => {
  pg = await startPostgres();
  pg.createDatabase("mlflow");
  servers.sqlite = await startMlflowServer("sqlite");
  servers.file = await startMlflowServer("file");
  servers.postgresql = await startMlflowServer(pg.uri("mlflow") as `postgresql://${string}`);
  servers.pushTarget = await startMlflowServer("sqlite");
  dir = mkdtempSync(join(tmpdir(), "traceloom-roundtrip-"));
  await configure({
    trackingUri: join(dir, "local.db"),
    sinks: backends.map((b) => new MlflowSink({ trackingUri: servers[b]!.uri, experimentName: EXPERIMENT })),
  });
  await recordIntegrationTraces();
  await flush();
  const client = new TraceClient();
  local = (await client.searchTraces({ maxResults: 1000 })).traces.map((t) => t.toJSON());
  for (const f of FILTERS) localFilters[f] = (await client.searchTraces({ filter: f, maxResults: 1000, includeSpans: false })).traces.map((t) => t.traceId).sort();
});

afterAll(async () => {
  await shutdown();
  for (const s of Object.values(servers)) s?.stop();
  pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function experimentIdOf(server: MlflowServer, name: string): Promise<string> {
  const res = await fetch(`${server.uri}/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`);
  return ((await res.json()) as { experiment: { experiment_id: string } }).experiment.experiment_id;
}

function expectSameTrace(got: TraceJSON | { error: string } | undefined, want: TraceJSON): void {
  expect(got, `trace ${want.info.trace_id}`).toBeDefined();
  expect(got).not.toHaveProperty("error");
  const trace = got as TraceJSON;
  expect(comparable(trace)).toEqual(comparable(want));
  const times = spanTimes(trace);
  for (const [spanId, wantTimes] of spanTimes(want)) {
    const gotTimes = times.get(spanId)!;
    expect(gotTimes).toHaveLength(wantTimes.length);
    // Nanosecond times are JSON numbers (doubles): equal up to their rounding, well under a microsecond.
    wantTimes.forEach((t, i) => expect(Math.abs(gotTimes[i] - t), `${spanId} time ${i}`).toBeLessThan(1_000));
  }
}

test("the integrations recorded every kind of trace locally", () => {
  const names = local.map((t) => t.info.tags["mlflow.traceName"]);
  for (const name of ["support_agent", "charge_card", "chat_turn"]) expect(names).toContain(name);
  expect(local.length).toBeGreaterThanOrEqual(9);
  expect(local.find((t) => t.info.tags["mlflow.traceName"] === "charge_card")?.info.state).toBe("ERROR");
  expect(localFilters["span.type = 'RETRIEVER'"].length).toBeGreaterThanOrEqual(2);
  expect(localFilters["span.type = 'CHAT_MODEL'"].length).toBeGreaterThanOrEqual(5);
});

describe.each(backends)("MLflow 3.6 on a %s backend store", (backend) => {
  let readBack: PythonReadBack;
  beforeAll(async () => {
    const server = servers[backend]!;
    const experimentId = await experimentIdOf(server, EXPERIMENT);
    readBack = runMlflowPython<PythonReadBack>(server, "read_traces.py", [experimentId, JSON.stringify(FILTERS), ...local.map((t) => t.info.trace_id)]);
  });

  test("every trace arrived, counted exactly", () => {
    const stats = exportStats().find((s) => s.sink === `mlflow:${servers[backend]!.uri}`);
    expect(stats).toEqual(expect.objectContaining({ exported: local.length, dropped: 0, queued: 0, droppedTraceIds: [] }));
  });

  test("MlflowClient().get_trace returns each trace equal to the local store's copy, field by field", () => {
    for (const want of local) expectSameTrace(readBack.get[want.info.trace_id], want);
  });

  test("mlflow.search_traces (spans included) returns exactly these traces, whole", () => {
    expect(readBack.search.map((t) => t.info.trace_id).sort()).toEqual(local.map((t) => t.info.trace_id).sort());
    const byId = new Map(readBack.search.map((t) => [t.info.trace_id, t]));
    for (const want of local) expectSameTrace(byId.get(want.info.trace_id), want);
  });

  test("span.type, span.name and status filters find the same traces as in the local store", () => {
    for (const f of FILTERS) {
      // MLflow's FileStore has no span filters (its own limitation); SQL stores have them all.
      if (backend === "file" && f.startsWith("span.")) expect(readBack.filters[f], f).toEqual({ error: expect.stringContaining("Span filtering requires database support") });
      else expect(readBack.filters[f], f).toEqual(localFilters[f]);
    }
  });
});

/** Runs the `traceloom` CLI as a user would (the workspace build of packages/cli). */
function traceloomCli(args: string[], env: Record<string, string>): { stdout: string; status: number } {
  try {
    const stdout = execFileSync(process.execPath, [join(repoRoot, "packages", "cli", "dist", "bin.js"), ...args], {
      encoding: "utf8",
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120_000,
    });
    return { stdout, status: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; status?: number };
    throw new Error(`traceloom ${args.join(" ")} exited ${e.status}: ${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

describe("traceloom traces push", () => {
  test("sends the local store's traces to another MLflow server; pushing twice leaves them exactly as after once", async () => {
    const target = servers.pushTarget!;
    const env = { TRACELOOM_TRACKING_URI: join(dir, "local.db"), MLFLOW_TRACKING_URI: target.uri, MLFLOW_EXPERIMENT_NAME: "shared" };
    const first = traceloomCli(["traces", "push", "timestamp_ms > 0"], env);
    expect(first.stdout).toBe(`Pushed ${local.length} of ${local.length} trace(s) to ${target.uri}\n`);
    const ids = local.map((t) => t.info.trace_id);
    const second = traceloomCli(["traces", "push", ...ids.slice(0, 3)], env);
    expect(second.stdout).toBe(`Pushed 3 of 3 trace(s) to ${target.uri}\n`);
    traceloomCli(["traces", "push", "timestamp_ms > 0"], env);

    const experimentId = await experimentIdOf(target, "shared");
    const back = runMlflowPython<PythonReadBack>(target, "read_traces.py", [experimentId, "[]", ...ids]);
    expect(back.search.map((t) => t.info.trace_id).sort()).toEqual([...ids].sort());
    for (const want of local) expectSameTrace(back.get[want.info.trace_id], want);
  });
});

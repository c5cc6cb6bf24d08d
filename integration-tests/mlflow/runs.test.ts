import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, getLastTraceId, getRuntime, LOCAL_RUN_ID_TAG, shutdown, startRun, withRun, withSpan } from "@traceloom/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliBin } from "../support/cli-process.js";
import { runMlflowPython } from "../support/mlflow-python.js";
import { startMlflowServer, type MlflowServer } from "../support/mlflow-server.js";

interface RunReadBack {
  name: string;
  status: string;
  start_time: number;
  end_time: number | null;
  experiment_id: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  traces: { trace_id: string; source_run: string | null; span_names: string[] }[];
}

let server: MlflowServer;
let dir: string;

beforeAll(async () => {
  server = await startMlflowServer("sqlite");
  dir = mkdtempSync(join(tmpdir(), "traceloom-runs-it-"));
});

afterAll(async () => {
  await shutdown();
  server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The server's runs in `experimentName` carrying tag `key` = `value` (MLflow's runs/search REST call). */
async function runsTagged(experimentName: string, key: string, value: string): Promise<string[]> {
  const exp = (await (await fetch(`${server.uri}/api/2.0/mlflow/experiments/get-by-name?experiment_name=${experimentName}`)).json()) as { experiment: { experiment_id: string } };
  const res = await fetch(`${server.uri}/api/2.0/mlflow/runs/search`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ experiment_ids: [exp.experiment.experiment_id], filter: `tags.\`${key}\` = '${value}'` }),
  });
  return (((await res.json()) as { runs?: { info: { run_id: string } }[] }).runs ?? []).map((r) => r.info.run_id);
}

/** One traced question: an agent span with a tool child; returns the trace's ID. */
async function ask(question: string): Promise<string> {
  await withSpan({ name: "agent", spanType: "AGENT", inputs: { question } }, async () => {
    await withSpan({ name: "lookup", spanType: "TOOL" }, () => "42");
    return "42";
  });
  return getLastTraceId()!;
}

describe("runs on a real MLflow server", () => {
  test("withRun / startRun create real runs (params, tags, end status) whose traces MLflow's client finds with search_traces(run_id=…)", async () => {
    await configure({ trackingUri: server.uri, experimentName: "runs-it" });
    const outside = await ask("not in a run");
    const inEval: string[] = [];
    let nestedId = "";
    const evalId = await withRun({ name: "eval-gpt", params: { model: "gpt-4o", top_k: 3 }, tags: { suite: "qa" } }, async (run) => {
      expect(run.isRemote).toBe(true);
      inEval.push(await ask("q1"), await ask("q2"));
      await withRun({ name: "eval-gpt-retry" }, async (nested) => {
        nestedId = nested.runId;
        await ask("q2 again");
      });
      return run.runId;
    });
    const batch = await startRun({ name: "batch", params: { dataset: "v2" } });
    const inBatch = await ask("q3");
    await batch.end({ status: "FAILED" });

    const got = runMlflowPython<Record<string, RunReadBack>>(server, "read_run.py", [evalId, nestedId, batch.runId]);
    const evalRun = got[evalId];
    expect(evalRun).toMatchObject({ name: "eval-gpt", status: "FINISHED", params: { model: "gpt-4o", top_k: "3" } });
    expect(evalRun.tags).toMatchObject({ suite: "qa", "mlflow.runName": "eval-gpt", "mlflow.source.type": "LOCAL" });
    expect(evalRun.tags["mlflow.user"]).toBeTruthy();
    expect(evalRun.end_time).toBeGreaterThanOrEqual(evalRun.start_time);
    expect(evalRun.traces.map((t) => t.trace_id).sort()).toEqual([...inEval].sort());
    for (const t of evalRun.traces) {
      expect(t.source_run).toBe(evalId);
      expect(t.span_names).toEqual(["agent", "lookup"]);
    }
    expect(evalRun.traces.map((t) => t.trace_id)).not.toContain(outside);

    const nested = got[nestedId];
    expect(nested).toMatchObject({ name: "eval-gpt-retry", status: "FINISHED", experiment_id: evalRun.experiment_id });
    expect(nested.tags["mlflow.parentRunId"]).toBe(evalId);
    expect(nested.traces).toHaveLength(1);

    expect(got[batch.runId]).toMatchObject({ name: "batch", status: "FAILED", params: { dataset: "v2" } });
    expect(got[batch.runId].traces.map((t) => t.trace_id)).toEqual([inBatch]);
  });

  test("traceloom traces push turns a local run into a real run once (pushed twice), its traces linked to it", async () => {
    const local = join(dir, "local.db");
    await configure({ trackingUri: local });
    const ids = await withRun({ name: "local-eval", params: { model: "m-local" }, tags: { suite: "offline" } }, async () => [await ask("l1"), await ask("l2")]);
    const localRunId = getRuntime().store!.listRuns()[0].runId;
    await shutdown();
    const push = () =>
      execFileSync(process.execPath, [cliBin, "traces", "push", "timestamp_ms > 0", "--experiment-name", "pushed-runs"], {
        encoding: "utf8",
        env: { ...process.env, TRACELOOM_TRACKING_URI: local, MLFLOW_TRACKING_URI: server.uri },
        timeout: 120_000,
      });
    expect(push()).toBe(`Linked 1 run(s) on the server\nPushed 2 of 2 trace(s) to ${server.uri}\n`);
    push();
    const serverRuns = await runsTagged("pushed-runs", LOCAL_RUN_ID_TAG, localRunId);
    expect(serverRuns).toHaveLength(1);
    const got = runMlflowPython<Record<string, RunReadBack>>(server, "read_run.py", serverRuns)[serverRuns[0]];
    expect(got).toMatchObject({ name: "local-eval", status: "FINISHED", params: { model: "m-local" } });
    expect(got.tags).toMatchObject({ suite: "offline", [LOCAL_RUN_ID_TAG]: localRunId });
    expect(got.traces.map((t) => t.trace_id).sort()).toEqual([...ids].sort());
    for (const t of got.traces) expect(t.source_run).toBe(serverRuns[0]);
  });
});

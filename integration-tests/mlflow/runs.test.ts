import { configure, getLastTraceId, shutdown, startRun, withRun, withSpan } from "@traceloom/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
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

beforeAll(async () => {
  server = await startMlflowServer("sqlite");
});

afterAll(async () => {
  await shutdown();
  server?.stop();
});

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
});

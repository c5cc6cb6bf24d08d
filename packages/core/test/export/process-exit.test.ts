import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bundleFixture, runChild } from "./helpers/child-process.js";
import type { LoopbackServer } from "./helpers/loopback-server.js";
import { startMlflowServer, type MlflowServerState } from "./helpers/mlflow-server.js";
import { startOtlpReceiver, type OtlpReceiver } from "./helpers/otlp-receiver.js";

let script: string;
let mlflow: { server: LoopbackServer; state: MlflowServerState };
let otlp: OtlpReceiver;
let dir: string;

beforeAll(async () => {
  script = await bundleFixture("exit-child");
});
beforeEach(async () => {
  mlflow = await startMlflowServer();
  otlp = await startOtlpReceiver();
  dir = mkdtempSync(join(tmpdir(), "traceloom-exit-"));
});
afterEach(async () => {
  await mlflow.server.close();
  await otlp.close();
  rmSync(dir, { recursive: true, force: true });
});

function destinations(): Record<string, string> {
  return {
    MLFLOW_TRACKING_URI: mlflow.server.url,
    MLFLOW_EXPERIMENT_ID: "5",
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlp.url,
    TRACELOOM_JSONL_PATH: join(dir, "requests.jsonl"),
  };
}

function expectAllDelivered(count: number): void {
  const roots = otlp.spans().filter((s) => s.name.startsWith("request-"));
  expect(roots.map((s) => s.name).sort()).toEqual(Array.from({ length: count }, (_, i) => `request-${i}`).sort());
  expect(otlp.spans()).toHaveLength(count * 2);
  expect(mlflow.state.traceInfos.size).toBe(count);
  expect(mlflow.state.otlpSpans.size).toBe(count);
  for (const spans of mlflow.state.otlpSpans.values()) expect(spans).toHaveLength(2);
  const lines = readFileSync(join(dir, "requests.jsonl"), "utf8").trim().split("\n");
  expect(lines).toHaveLength(count);
}

describe("nothing is lost when the process ends", () => {
  it("on a normal exit, every trace reaches MLflow, OTLP and JSONL before the process ends", async () => {
    const result = await runChild(script, { ...destinations(), EXIT_MODE: "natural", TRACE_COUNT: "7" });
    expect(result).toEqual(expect.objectContaining({ code: 0, signal: null, stderr: "" }));
    expectAllDelivered(7);
  });

  it("on SIGTERM, flushes every destination and then terminates by the signal, as without traceloom", async () => {
    const result = await runChild(script, { ...destinations(), EXIT_MODE: "sigterm", TRACE_COUNT: "4" }, { signalOnReady: "SIGTERM" });
    expect(result.signal).toBe("SIGTERM");
    expect(result.code).toBeNull();
    expectAllDelivered(4);
  });

  it("on SIGTERM with the program's own handler, lets the program decide how to exit", async () => {
    const result = await runChild(script, { ...destinations(), EXIT_MODE: "own-handler", TRACE_COUNT: "2" }, { signalOnReady: "SIGTERM" });
    expect(result).toEqual(expect.objectContaining({ code: 3, signal: null }));
    expect(result.stdout).toContain("own handler done");
    expectAllDelivered(2);
  });

  it("reports drops at exit when a destination stays down", async () => {
    const down = mlflow.server.url;
    await mlflow.server.close();
    const result = await runChild(script, { ...destinations(), MLFLOW_TRACKING_URI: down, EXIT_MODE: "natural", TRACE_COUNT: "2" });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`traces dropped by export this run — mlflow:${down}: 0 of 2 trace(s) arrived, 2 dropped: tr-`);
    expect(otlp.spans()).toHaveLength(4);
  });

  it("a stalled OpenTelemetry collector holds a natural exit no longer than the exit deadline, and the loss is named", async () => {
    const sockets: Socket[] = [];
    const stalled = createServer((socket) => sockets.push(socket)); // accepts, reads nothing, never answers
    await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
    const { port } = stalled.address() as { port: number };
    try {
      const started = Date.now();
      const result = await runChild(script, {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`,
        TRACELOOM_TRACKING_URI: "memory:",
        TRACELOOM_EXIT_TIMEOUT_MS: "1000",
        EXIT_MODE: "natural",
        TRACE_COUNT: "2",
      });
      const elapsed = Date.now() - started;
      expect(result.code).toBe(0);
      expect(sockets.length).toBeGreaterThan(0);
      // The exporter's own timeout is 10 s; the process must end at the 1 s deadline (slack for a loaded machine).
      expect(elapsed).toBeLessThan(6_000);
      expect(result.stderr).toMatch(/traces dropped by export this run — otlp:env: 0 of 2 trace\(s\) arrived, 2 dropped: tr-/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => stalled.close(() => resolve()));
    }
  });
});

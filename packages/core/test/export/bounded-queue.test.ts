import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configure, exportStats, flush, getRuntime, OtlpSink, shutdown, withSpan, type TraceJSON, type TraceSink } from "../../src/index.js";
import { collectLogs } from "./helpers/env.js";
import { deadUrl } from "./helpers/loopback-server.js";

afterEach(async () => {
  await shutdown();
});

/** Finishes `n` one-span traces synchronously (all land in the queue before it first drains). */
function finishTraces(n: number): void {
  for (let i = 0; i < n; i++) withSpan(`request-${i}`, () => i);
}

/** A sink whose export never settles: a stalled backend. */
class StalledSink implements TraceSink {
  readonly name = "stalled";
  calls = 0;
  export(_traces: TraceJSON[]): Promise<void> {
    this.calls++;
    return new Promise(() => {});
  }
}

describe("bounded export queue", () => {
  it("drops and counts when the MLflow server is down, holding at most maxQueueSize traces", async () => {
    const logs = collectLogs();
    await configure({
      trackingUri: await deadUrl(),
      experimentId: "0",
      logger: logs.logger,
      queue: { maxQueueSize: 5, maxBatchSize: 5, maxRetries: 2, initialBackoffMs: 1, maxBackoffMs: 2 },
    });
    finishTraces(20);
    expect(exportStats()[0]).toEqual(expect.objectContaining({ queued: 5, dropped: 15, droppedQueueFull: 15 }));
    await flush();

    const stats = exportStats()[0];
    expect(stats).toEqual(expect.objectContaining({ queued: 0, exported: 0, dropped: 20, droppedQueueFull: 15, failedAttempts: 3 }));
    expect(stats.lastError).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/v1\/traces failed: connect ECONNREFUSED/);
    expect(logs.lines.some((l) => l.includes("because its queue is full (5 traces)"))).toBe(true);
    expect(logs.lines.some((l) => l.includes("failed after 3 attempts"))).toBe(true);
  });

  it("drops and counts when the OTLP receiver is down", async () => {
    await configure({
      trackingUri: "memory:",
      sinks: [new OtlpSink({ url: `${await deadUrl()}/v1/traces`, timeoutMs: 2_000 })],
      logger: () => {},
      queue: { maxQueueSize: 3, maxRetries: 0 },
    });
    finishTraces(10);
    await flush();

    const [store, otlp] = exportStats();
    // The local store's queue never drops (issue 14); the network sink's does.
    expect(store).toEqual(expect.objectContaining({ exported: 10, dropped: 0 }));
    expect(otlp).toEqual(expect.objectContaining({ exported: 0, dropped: 10, droppedQueueFull: 7, queued: 0 }));
  });

  it("abandons a stalled export after exportTimeoutMs and keeps memory bounded meanwhile", async () => {
    const sink = new StalledSink();
    await configure({
      trackingUri: "memory:",
      disableLocalStore: true,
      sinks: [sink],
      logger: () => {},
      queue: { maxQueueSize: 4, maxBatchSize: 2, maxRetries: 1, initialBackoffMs: 1, maxBackoffMs: 1, exportTimeoutMs: 30 },
    });
    finishTraces(50);
    expect(exportStats()[0]).toEqual(expect.objectContaining({ queued: 4, dropped: 46 }));
    await flush();

    expect(exportStats()[0]).toEqual(expect.objectContaining({ queued: 0, exported: 0, dropped: 50, failedAttempts: 4 }));
    expect(exportStats()[0].lastError).toBe("export to stalled did not finish within 30 ms");
    expect(sink.calls).toBe(4);
  });

  it("abandons a stalled export on time even when garbage collection runs meanwhile (the timeout is held strongly)", () => {
    // A sink that keeps no reference to the signal: with AbortSignal.timeout/any the signal could be collected before
    // it fired, and flush() waited forever (a flaky CI hang). Collections are forced in a child with --expose-gc.
    const program = `import { configure, exportStats, flush, withSpan } from ${JSON.stringify(join(__dirname, "../../dist/index.js"))};
      await configure({ trackingUri: "memory:", disableLocalStore: true, logger: () => {}, sinks: [{ name: "stalled", export: () => new Promise(() => {}) }],
        queue: { maxRetries: 0, exportTimeoutMs: 100 } });
      withSpan({ name: "t" }, () => 1);
      const flushed = flush().then(() => "flushed");
      for (let i = 0; i < 40; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 5)); }
      console.log(await Promise.race([flushed, new Promise((r) => setTimeout(() => r("hung"), 3000))]), exportStats()[0].lastError);
      process.exit(0);`;
    const run = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", program], { encoding: "utf8", timeout: 30_000 });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("flushed export to stalled did not finish within 100 ms");
  });

  it("names the cause seen before the exit deadline when the deadline cuts the last retry short", async () => {
    let calls = 0;
    const flaky: TraceSink = {
      name: "flaky",
      // First the server refuses the connection; the retry then hangs until the exit deadline aborts it.
      export: () => (++calls === 1 ? Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:9")) : new Promise(() => {})),
    };
    await configure({
      trackingUri: "memory:",
      disableLocalStore: true,
      sinks: [flaky],
      logger: () => {},
      queue: { initialBackoffMs: 1, maxBackoffMs: 1, exportTimeoutMs: 60_000 },
    });
    finishTraces(1);
    getRuntime().pipeline.beginClose(Date.now() + 200);
    await flush();
    expect(calls).toBe(2);
    expect(exportStats()[0]).toEqual(expect.objectContaining({ exported: 0, dropped: 1, lastError: "connect ECONNREFUSED 127.0.0.1:9 (then aborted at the exit deadline)" }));
  });

  it("never lets a sink's exception reach the traced code", async () => {
    const failing: TraceSink = {
      name: "throws",
      export: () => {
        throw new Error("sink exploded");
      },
    };
    await configure({ trackingUri: "memory:", sinks: [failing], logger: () => {}, queue: { maxRetries: 0 } });
    expect(withSpan("work", () => 41 + 1)).toBe(42);
    await expect(flush()).resolves.toBeUndefined();
    expect(exportStats().map((s) => [s.sink, s.exported, s.dropped])).toEqual([
      ["store:memory:", 1, 0],
      ["throws", 0, 1],
    ]);
  });
});

import { createServer } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./helpers/run.js";
import { seedStore, type SeededStore } from "./helpers/seed-store.js";

let seeded: SeededStore;
beforeAll(async () => {
  seeded = await seedStore();
});

/** A loopback URL nothing listens on. */
async function deadUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

// Pushing to a real MLflow server (and twice) is proven in integration-tests/mlflow/round-trip.test.ts.
describe("traceloom traces push: arguments and failures", () => {
  it("asks where to push when neither --to nor MLFLOW_TRACKING_URI is set", async () => {
    const run = await cli(["traces", "push", seeded.demoIds[0]], { TRACELOOM_TRACKING_URI: seeded.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Say where to push: --to http://mlflow-host:5000 (or set MLFLOW_TRACKING_URI)");
  });

  it("refuses a destination that is not an MLflow server", async () => {
    const run = await cli(["traces", "push", seeded.demoIds[0], "--to", "other.db"], { TRACELOOM_TRACKING_URI: seeded.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--to must be an MLflow server (http(s)://… or databricks), got "other.db"`);
  });

  it("names an unknown trace ID", async () => {
    const missing = `tr-${"0".repeat(32)}`;
    const run = await cli(["traces", "push", missing, "--to", "http://127.0.0.1:9"], { TRACELOOM_TRACKING_URI: seeded.path });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Unknown trace ${missing}`);
  });

  it("reads the local store even when MLFLOW_TRACKING_URI names the server, and names each trace it could not push", async () => {
    const down = await deadUrl();
    const ids = seeded.demoIds.slice(0, 2);
    const run = await cli(["traces", "push", ...ids, "--experiment-id", "0"], { TRACELOOM_TRACKING_URI: seeded.path, MLFLOW_TRACKING_URI: down });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`Pushed 0 of 2 trace(s) to ${down}\n`);
    for (const id of ids) expect(run.stderr).toMatch(new RegExp(`${id}: POST ${down.replace(/\./g, "\\.")}/v1/traces failed: connect ECONNREFUSED`));
    expect(run.stderr).not.toMatch(/^\s+at /m);
  }, 30_000);
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { base64ToHex, SqliteTraceStore, updateCurrentTrace, withSpan, type TraceJSON } from "../src/index.js";
import { lastTrace, useMemoryStore } from "./helpers.js";
import { REMOTE_PARENT_METADATA_KEY } from "../src/store/merge.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-write-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One real two-span trace, split as two services would record it: the root's part and the child's part. */
async function tracePartsOfTwoServices(): Promise<[TraceJSON, TraceJSON]> {
  await useMemoryStore();
  await withSpan("gateway", async () => {
    updateCurrentTrace({ tags: { service: "gateway" }, metadata: { tenant: "acme" } });
    await withSpan("worker", () => "done");
  });
  const full = (await lastTrace()).toJSON();
  const [root, child] = full.data.spans;
  const rootPart: TraceJSON = { info: full.info, data: { spans: [root] } };
  const childPart: TraceJSON = {
    info: {
      ...full.info,
      tags: { ...full.info.tags, worker_host: "w-1" },
      trace_metadata: { ...full.info.trace_metadata, [REMOTE_PARENT_METADATA_KEY]: base64ToHex(root.span_id), region: "eu" },
    },
    data: { spans: [child] },
  };
  return [rootPart, childPart];
}

describe("SQLite store writes", () => {
  it("merges the parts of one trace whether they arrive in one batch or in two, with every tag and metadata row", async () => {
    const [rootPart, childPart] = await tracePartsOfTwoServices();
    const together = new SqliteTraceStore(join(dir, "together.db"));
    together.writeTraces([childPart, rootPart]);
    const apart = new SqliteTraceStore(join(dir, "apart.db"));
    apart.writeTraces([childPart]);
    apart.writeTraces([rootPart]);
    for (const store of [together, apart]) {
      const t = store.getTrace(rootPart.info.trace_id)!;
      expect(t.spans.map((s) => s.name)).toEqual(["gateway", "worker"]);
      expect(t.info.metadata).not.toHaveProperty(REMOTE_PARENT_METADATA_KEY);
      expect(t.info.metadata).toMatchObject({ tenant: "acme", region: "eu" });
      expect(t.info.tags).toMatchObject({ service: "gateway", worker_host: "w-1" });
      for (const filter of ["tags.service = 'gateway'", "tags.worker_host = 'w-1'", "metadata.tenant = 'acme'", "metadata.region = 'eu'", "span.name = 'worker'"]) {
        expect(store.searchTraces({ filter }).traces.map((x) => x.traceId), filter).toEqual([rootPart.info.trace_id]);
      }
    }
    expect(together.getTrace(rootPart.info.trace_id)!.toJSON()).toEqual(apart.getTrace(rootPart.info.trace_id)!.toJSON());
  });

  it("writes parts of one trace from concurrent threads on the first attempt, none lost (the write lock is taken first), also into a store they create together", async () => {
    const [rootPart, childPart] = await tracePartsOfTwoServices();
    const script = join(__dirname, "fixtures", "scripts", "write-part.mjs");
    const writers = 4;
    // Each round starts four worker threads that each load core: rounds are few, and the time limit allows a busy machine.
    for (let round = 0; round < 6; round++) {
      const dbPath = join(dir, `concurrent-${round}.db`);
      // Odd rounds: no store yet — the threads create it at the same moment, and none may take it for a foreign file.
      const createTogether = round % 2 === 1;
      if (!createTogether) new SqliteTraceStore(dbPath).close();
      const ready = new SharedArrayBuffer(4);
      const parts = Array.from({ length: writers }, (_, i) => ({
        ...childPart,
        data: { spans: childPart.data.spans.map((s) => ({ ...s, span_id: Buffer.from(`000000000000000${i + 1}`, "hex").toString("base64"), name: `worker_${i}` })) },
      }));
      const results = await Promise.all(
        parts.map(
          (part) =>
            new Promise<{ ok: boolean; error?: string }>((resolve, reject) => {
              const w = new Worker(script, { workerData: { dbPath, ready, writers, part, createTogether } });
              w.once("message", resolve);
              w.once("error", reject);
            }),
        ),
      );
      expect(results.filter((r) => !r.ok)).toEqual([]);
      const store = new SqliteTraceStore(dbPath);
      store.writeTraces([rootPart]);
      expect(store.getTrace(rootPart.info.trace_id)!.spans.map((s) => s.name).sort()).toEqual(["gateway", "worker_0", "worker_1", "worker_2", "worker_3"]);
      store.close();
    }
  }, 120_000);
});

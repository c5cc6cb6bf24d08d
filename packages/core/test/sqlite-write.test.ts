import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
});

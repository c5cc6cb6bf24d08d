import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTraceStore, type TraceJSON } from "@traceloom/core";
import { beforeAll, describe, expect, it } from "vitest";
import type { TracesResponse } from "../src/server/api-types.js";
import { MAX_COST_SORTED } from "../src/trace-query.js";
import { cli } from "./helpers/run.js";
import { openViewer } from "./helpers/viewer.js";

const EXPERIMENT = { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: "0" } } as const;

/** A finished trace without spans, at second `n`. */
function bareTrace(n: number): TraceJSON {
  const hex = n.toString(16).padStart(32, "0");
  return {
    info: { trace_id: `tr-${hex}`, trace_location: EXPERIMENT, request_time: new Date(n * 1000).toISOString(), execution_duration_ms: 1, state: "OK", trace_metadata: {}, tags: {} },
    data: { spans: [] },
  };
}

let path: string;

beforeAll(() => {
  path = join(mkdtempSync(join(tmpdir(), "traceloom-cap-")), "many.db");
  const store = openTraceStore(path);
  store.writeTraces(Array.from({ length: MAX_COST_SORTED + 1 }, (_, i) => bareTrace(i + 1)));
  store.close();
});

describe("ordering more traces by cost than it sorts", () => {
  it("says so under the CLI table, and on stderr with --json", async () => {
    const note = `Note: ordered by cost among the ${MAX_COST_SORTED} newest matching traces only; narrow the search (a filter, --experiment) to include older ones.\n`;
    const table = await cli(["traces", "list", "--order-by", "cost DESC", "-n", "2"], { TRACELOOM_TRACKING_URI: path });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(note);
    const json = await cli(["traces", "list", "--order-by", "cost DESC", "-n", "2", "--json"], { TRACELOOM_TRACKING_URI: path });
    expect([json.stdout.trim().split("\n").length, json.stderr]).toEqual([2, note]);
    const byTime = await cli(["traces", "list", "-n", "2"], { TRACELOOM_TRACKING_URI: path });
    expect(byTime.stdout).not.toContain("Note:");
  });

  it("says so in the viewer's API response", async () => {
    const server = await openViewer(path);
    try {
      const get = async (query: string) => (await (await fetch(new URL(`/api/traces?${query}`, server.viewer.url))).json()) as TracesResponse;
      expect((await get("orderBy=cost%20DESC&maxResults=2")).sortedAmong).toBe(MAX_COST_SORTED);
      expect((await get("maxResults=2")).sortedAmong).toBeNull();
    } finally {
      await server.close();
    }
  });
});

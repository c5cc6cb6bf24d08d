import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, flush, shutdown, trace, withRun, type RunSummary } from "@traceloom/core";
import { beforeAll, describe, expect, it } from "vitest";
import type { TraceSummary } from "../src/trace-summary.js";
import { cli } from "./helpers/run.js";
import { recordRuns, type SeededRuns } from "./helpers/seed-runs.js";

// What an LLM-built run name or param can hold: a title change, a screen clear, a C1 CSI, a bidi override.
const HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u009b31m\u202eevil\u202c\rdone";
/** Bytes a terminal acts on: C0 controls but newline, DEL, C1 controls, bidirectional overrides. */
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let seeded: SeededRuns;
let env: NodeJS.ProcessEnv;
let hostileRunId: string;

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), "traceloom-runs-cli-")), "traces.db");
  seeded = await recordRuns(path);
  await configure({ trackingUri: path });
  hostileRunId = await withRun({ name: `run ${HOSTILE}`, params: { prompt: HOSTILE } }, async (run) => {
    await trace(async () => HOSTILE, { name: `agent ${HOSTILE}` })();
    return run.runId;
  });
  await flush();
  await shutdown();
  env = { TRACELOOM_TRACKING_URI: path };
});

/** The rows (lines starting with a run or trace ID) after a table's header line (starting with `firstTitle`), split on 2+ spaces. */
function tableRows(stdout: string, firstTitle: string): string[][] {
  const lines = stdout.split("\n");
  const header = lines.findIndex((l) => l.startsWith(firstTitle));
  expect(header, stdout).toBeGreaterThanOrEqual(0);
  return lines
    .slice(header + 1)
    .filter((l) => /^(tr-)?[0-9a-f]{32} /.test(l))
    .map((l) => l.trim().split(/ {2,}/));
}

describe("traceloom runs", () => {
  it("lists runs newest first with status, start, duration, traces, errors and tokens; -n and --json", async () => {
    const r = await cli(["runs"], env);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(/^RUN ID +NAME +STATUS +STARTED \(UTC\) +DURATION +TRACES +ERRORS +TOKENS$/m);
    const rows = tableRows(r.stdout, "RUN ID");
    expect(rows.map((row) => row[0])).toEqual([hostileRunId, seeded.smokeRunId, seeded.emptyRunId, seeded.evalRunId]);
    const evalRow = rows.find((row) => row[0] === seeded.evalRunId) as string[];
    // Three weather traces (Atlantis failed), 17 tokens each.
    expect([evalRow[1], evalRow[2], ...evalRow.slice(5)]).toEqual(["eval-weather", "FINISHED", "3", "1", "51"]);
    expect(evalRow[3]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(evalRow[4]).toMatch(/^\d+ ms$/);
    expect(rows.find((row) => row[0] === seeded.smokeRunId)?.slice(2, 3)).toEqual(["KILLED"]);

    const two = await cli(["runs", "-n", "2"], env);
    expect(tableRows(two.stdout, "RUN ID").map((row) => row[0])).toEqual([hostileRunId, seeded.smokeRunId]);
    expect(two.stdout).toContain("Showing the 2 most recent runs; more with -n.");

    const json = await cli(["runs", "--json"], env);
    const runs = json.stdout.trim().split("\n").map((l) => JSON.parse(l) as RunSummary);
    expect(runs.find((run) => run.runId === seeded.evalRunId)).toMatchObject({ name: "eval-weather", status: "FINISHED", traceCount: 3, errorCount: 1, totalTokens: 51, params: { model: "gpt-4o-mini", top_k: "3" } });
    expect((await cli(["runs", "list", "-e", "0", "--json"], env)).stdout).toBe(json.stdout);
  });

  it("shows a run's record, params and tags, and its traces as traces list prints them", async () => {
    const r = await cli(["runs", "show", seeded.evalRunId], env);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`Run eval-weather (${seeded.evalRunId})`);
    expect(lines[1]).toMatch(/^Status: FINISHED · experiment 0 · started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · duration \d+ ms$/);
    expect(lines.slice(2, 8)).toEqual(["Traces: 3 (1 failed) · tokens 51", "Params:", "  model = gpt-4o-mini", "  top_k = 3", "Tags:", "  suite = weather"]);
    const traces = tableRows(r.stdout, "TRACE ID");
    expect(traces.map((row) => [row[0], row[2]])).toEqual([
      [seeded.evalTraceIds[0], "OK"],
      [seeded.evalTraceIds[1], "OK"],
      [seeded.evalTraceIds[2], "ERROR"],
    ]);
    // The same rows `traces search` prints for the run's filter.
    const search = await cli(["traces", "search", `metadata.\`mlflow.sourceRun\` = '${seeded.evalRunId}'`, "--order-by", "timestamp_ms ASC"], env);
    expect(tableRows(search.stdout, "TRACE ID")).toEqual(traces);

    const json = JSON.parse((await cli(["runs", "show", seeded.evalRunId, "--json"], env)).stdout) as { run: RunSummary; traces: TraceSummary[] };
    expect(json.run).toMatchObject({ runId: seeded.evalRunId, tags: { suite: "weather" }, traceCount: 3 });
    expect(json.traces.map((t) => t.traceId)).toEqual(seeded.evalTraceIds);
    expect((await cli(["runs", "show", seeded.evalRunId, "-n", "1"], env)).stdout).toContain("Only the first 1 of 3 traces are shown; more with -n.");

    const empty = await cli(["runs", "show", seeded.emptyRunId], env);
    expect(empty.stdout).toMatch(/^Run dry-run .*\n[\s\S]*Params: \(none\)\nTags: \(none\)\n\nNo traces in this run\.\n$/);
  });

  it("prints hostile run names, params and trace names escaped", async () => {
    for (const args of [["runs"], ["runs", "--json"], ["runs", "show", hostileRunId], ["runs", "show", hostileRunId, "--json"]]) {
      const r = await cli(args, env);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout, args.join(" ")).not.toMatch(ACTIVE);
      expect(r.stdout).toContain(args.includes("--json") ? "\\u001b]0;pwned\\u0007" : "\\x1b]0;pwned\\x07");
    }
    const show = await cli(["runs", "show", hostileRunId], env);
    expect(show.stdout).toContain("  prompt = \\x1b]0;pwned\\x07\\x1b[2J");
  });

  it("fails clearly on an unknown or malformed run ID, a bad -n and a missing experiment", async () => {
    const cases: [string[], number, RegExp][] = [
      [["runs", "show", "0123456789abcdef0123456789abcdef"], 1, /^Error: No run 0123456789abcdef0123456789abcdef in .*traces\.db\. List the runs there with `traceloom runs`\.\n$/],
      [["runs", "show", "bad\x1b[2Jid"], 2, /^Error: "bad\\x1b\[2Jid" is not a valid run ID/],
      [["runs", "-n", "0"], 2, /^Error: --max-results must be a positive integer, got "0"/],
      [["runs", "-n", "5000"], 2, /^Error: --max-results must be at most 1000, got 5000/],
      [["runs", "-e", "nope"], 1, /^Error: Unknown experiment "nope"/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli(args, env);
      expect([JSON.stringify(args), r.code]).toEqual([JSON.stringify(args), code]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\x1b/);
      expect(r.stdout).toBe("");
    }
  });
});

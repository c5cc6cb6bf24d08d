import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, flush, openTraceStore, shutdown, trace, updateCurrentTrace, withSpan, type Trace } from "@traceloom/core";
import { beforeAll, describe, expect, it } from "vitest";
import type { StatsReport } from "../src/stats/stats-report.js";
import { cli } from "./helpers/run.js";
import { seedStore, type SeededStore } from "./helpers/seed-store.js";
import { allTraces, expectedSpanGroups, modelOf, nearestRank, type ExpectedGroup } from "./helpers/stats-expect.js";

// What an LLM can put into a tag value or a span name that stats print as group keys.
const HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u009b31m\u202eevil\u202c\rdone";
/** Bytes a terminal acts on: C0 controls but newline, DEL, C1 controls, bidirectional overrides. */
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let seeded: SeededStore;
let env: NodeJS.ProcessEnv;
let traces: Trace[];
let hostileEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  seeded = await seedStore();
  env = { TRACELOOM_TRACKING_URI: seeded.path };
  const store = openTraceStore(seeded.path, { readonly: true });
  traces = allTraces(store);
  store.close();

  const hostilePath = join(mkdtempSync(join(tmpdir(), "traceloom-stats-hostile-")), "traces.db");
  await configure({ trackingUri: hostilePath });
  const agent = trace(
    async () => {
      updateCurrentTrace({ tags: { framework: HOSTILE } });
      await withSpan({ name: `tool ${HOSTILE}`, spanType: "TOOL" }, async () => undefined);
    },
    { name: "agent" },
  );
  await agent();
  await flush();
  await shutdown();
  hostileEnv = { TRACELOOM_TRACKING_URI: hostilePath };
});

/** The table's data lines (header and blank lines left out) split on runs of two or more spaces. */
function tableRows(stdout: string): string[][] {
  const lines = stdout.split("\n");
  const header = lines.findIndex((l) => /\b(TRACES|SPANS|MODEL CALLS)\b/.test(l));
  return lines.slice(header + 1).filter((l) => l.trim() !== "" && !l.startsWith("*")).map((l) => l.trim().split(/ {2,}/));
}

describe("traceloom stats", () => {
  it("prints a table of models with calls, errors, latency percentiles, tokens and cost matching the traces", async () => {
    const r = await cli(["stats", "--group-by", "model"], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const expected = expectedSpanGroups(traces, modelOf);
    const total = [...expected.values()].reduce((n, g) => n + g.count, 0);
    expect(r.stdout.split("\n")[0]).toBe(`${total} model calls by model`);
    expect(r.stdout).toMatch(/^MODEL +MODEL CALLS +ERRORS +ERROR % +P50 +P90 +P99 +TOKENS +COST$/m);
    const rows = tableRows(r.stdout);
    expect(rows.map((row) => row[0])).toEqual([...[...expected].sort((a, b) => b[1].count - a[1].count || (String(a[0]) < String(b[0]) ? -1 : 1)).map(([k]) => k), "(all)"]);
    for (const [key, ...cells] of rows.slice(0, -1)) {
      const e = expected.get(key) as ExpectedGroup;
      const ms = (p: number) => `${Math.round(nearestRank(e.latencies, p))} ms`;
      expect(cells, key).toEqual([
        String(e.count),
        String(e.errorCount),
        `${((e.errorCount / e.count) * 100).toFixed(1)}%`,
        ms(50),
        ms(90),
        ms(99),
        String(e.totalTokens),
        `$${e.usd.toFixed(6)}`,
      ]);
    }
  });

  it("prints the report as JSON with the same figures as the viewer's API, and the total over time with --bucket", async () => {
    const r = await cli(["stats", "-g", "span.type", "--json", "--bucket", "1h"], env);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as StatsReport;
    expect(report).toMatchObject({ groupBy: "span.type", counts: "spans", bucketMs: 3_600_000, filter: null, fromMs: null, toMs: null });
    const expected = expectedSpanGroups(traces, (s) => s.spanType);
    expect(Object.fromEntries(report.groups.map((g) => [g.key, [g.count, g.errorCount]]))).toEqual(Object.fromEntries([...expected].map(([k, g]) => [k, [g.count, g.errorCount]])));
    expect(report.total.series?.reduce((n, b) => n + b.count, 0)).toBe(report.total.count);

    const table = await cli(["stats", "--bucket", "1h"], env);
    expect(table.stdout).toMatch(/Over time, in 1h buckets:\nFROM \(UTC\) +COUNT +ERRORS +P50 +TOKENS +COST\n\d{4}-\d\d-\d\d \d\d:00:00 +\d+/);
    // Each bucket is priced from its tokens by model, or marked unknown where the store does not report them.
    for (const b of report.total.series ?? []) expect("cost" in b).toBe(b.tokensByModel !== undefined);
    expect(report.groups.every((g) => g.series?.every((b) => "cost" in b === (b.tokensByModel !== undefined)))).toBe(true);
  });

  it("narrows by --filter, --experiment, --since and --until", async () => {
    const errors = await cli(["stats", "--filter", "status = 'ERROR'", "--json"], env);
    expect((JSON.parse(errors.stdout) as StatsReport).total.count).toBe(traces.filter((t) => t.info.state === "ERROR").length);
    const demo = await cli(["stats", "-e", "demo", "--json"], env);
    expect((JSON.parse(demo.stdout) as StatsReport).total.count).toBe(seeded.demoIds.length);
    const recent = await cli(["stats", "--since", "1h", "--json"], env);
    expect((JSON.parse(recent.stdout) as StatsReport).total.count).toBe(traces.length);
    const old = await cli(["stats", "--until", "2020-01-01", "--json"], env);
    expect((JSON.parse(old.stdout) as StatsReport)).toMatchObject({ toMs: Date.parse("2020-01-01"), total: { count: 0, latencyMs: null, cost: null } });
    const since = Date.now() - 1000;
    const bounded = JSON.parse((await cli(["stats", "--since", String(since), "--until", "2999-01-01T00:00:00Z", "--json"], env)).stdout) as StatsReport;
    expect([bounded.fromMs, bounded.toMs]).toEqual([since, Date.parse("2999-01-01T00:00:00Z")]);
  });

  it("shows hostile group keys escaped, in the table and in JSON", async () => {
    for (const grouping of ["tags.framework", "span.name"]) {
      const r = await cli(["stats", "-g", grouping], hostileEnv);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(ACTIVE);
      expect(r.stdout).toContain("\\x1b]0;pwned\\x07\\x1b[2J");
      const json = await cli(["stats", "-g", grouping, "--json"], hostileEnv);
      expect(json.stdout).not.toMatch(ACTIVE);
      expect((JSON.parse(json.stdout) as StatsReport).groups.map((g) => g.key)).toContain(grouping === "span.name" ? `tool ${HOSTILE}` : HOSTILE);
    }
  });

  it("fails with exit code 2 on bad usage and 1 on a missing store or experiment, with a one-line message", async () => {
    const cases: [string[], number, RegExp][] = [
      [["stats", "-g", "colour"], 2, /^Error: Cannot group by "colour": use one of none, model, /],
      [["stats", "--since", "yesterday"], 2, /^Error: --since "yesterday" is not a time: use an age \(24h, 30m, 7d\)/],
      [["stats", "--until", "2026-13-45"], 2, /^Error: --until "2026-13-45" is not a time/],
      [["stats", "--bucket", "often"], 2, /^Error: --bucket "often" is not a duration/],
      [["stats", "--since", "1h", "--until", "2h"], 2, /^Error: The time range starts .* after it ends/],
      [["stats", "--filter", "status = "], 2, /^Error: Invalid filter at position 9/],
      [["stats", "-e", "nope"], 1, /^Error: Unknown experiment "nope"/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli(args, env);
      expect([args.join(" "), r.code]).toEqual([args.join(" "), code]);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
    }
    const missing = await cli(["stats"], { TRACELOOM_TRACKING_URI: join(seeded.dir, "none.db") });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error: No trace store at /);
  });
});

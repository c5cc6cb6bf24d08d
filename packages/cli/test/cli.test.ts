import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { SqliteTraceStore, Trace } from "@traceloom/core";
import { beforeAll, describe, expect, it } from "vitest";
import { invokedAs } from "../src/cli/io.js";
import { reportFailure } from "../src/cli/run-cli.js";
import { UserError } from "../src/store-access.js";
import { copyStore, seedStore, type SeededStore } from "./helpers/seed-store.js";
import { cli } from "./helpers/run.js";

let seeded: SeededStore;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  seeded = await seedStore();
  env = { TRACELOOM_TRACKING_URI: seeded.path };
});

/** Trace IDs in a table printed by `traces list/search`. */
const idsIn = (text: string) => text.match(/tr-[0-9a-f]{32}/g) ?? [];

describe("traces list and search", () => {
  it("lists every trace, newest first, with name, status, tokens and cost", async () => {
    const r = await cli(["traces", "list"], env);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^TRACE ID\s+NAME\s+STATUS\s+TIME \(UTC\)\s+LATENCY\s+TOKENS\s+COST\s+REQUEST$/);
    expect(idsIn(r.stdout)).toEqual([seeded.hostileId, ...[...seeded.demoIds].reverse()]);
    const paris = r.stdout.split("\n").find((l) => l.startsWith(seeded.demoIds[0])) ?? "";
    expect(paris).toMatch(/travel_agent\s+OK .*\$0\.0000\d\d\s+What's the weather in Paris/);
  });

  it("reads the store from --tracking-uri, which wins over the environment", async () => {
    const r = await cli(["traces", "list", "--tracking-uri", seeded.path], { TRACELOOM_TRACKING_URI: join(seeded.dir, "elsewhere.db") });
    expect(r.code).toBe(0);
    expect(idsIn(r.stdout)).toHaveLength(seeded.demoIds.length + 1);
  });

  it("searches with the filter grammar", async () => {
    const failed = await cli(["traces", "search", "status = 'ERROR'"], env);
    expect(idsIn(failed.stdout)).toEqual([seeded.demoIds[3]]);
    const withTool = await cli(["traces", "search", "span.type = 'TOOL' AND span.name = 'get_weather'"], env);
    expect(idsIn(withTool.stdout).sort()).toEqual([seeded.demoIds[0], seeded.demoIds[2], seeded.demoIds[4], seeded.claudeId].sort());
    const none = await cli(["traces", "search", "name = 'nothing'"], env);
    expect(none.stdout).toBe("No traces match name = 'nothing'\n");
  });

  it("reports a bad filter with its position and exit code 2", async () => {
    const r = await cli(["traces", "search", "status = = 'OK'"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Error: Invalid filter at position 9");
    expect(r.stderr).toContain("           ^");
    expect(r.stdout).toBe("");
  });

  it("filters by experiment name or ID and rejects an unknown one", async () => {
    const demo = await cli(["traces", "list", "--experiment", "demo"], env);
    expect(idsIn(demo.stdout).sort()).toEqual([...seeded.demoIds].sort());
    const byId = await cli(["traces", "list", "-e", "0"], env);
    expect(idsIn(byId.stdout)).toEqual([seeded.hostileId]);
    const unknown = await cli(["traces", "list", "-e", "nope"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown experiment "nope"\. Known experiments: 0 \(Default\), \d+ \(demo\)/);
  });

  it("orders by cost or latency, pages with a token, and prints JSON lines", async () => {
    const byCost = await cli(["traces", "list", "--order-by", "cost ASC", "--json"], env);
    const costs = byCost.stdout.trim().split("\n").map((l) => JSON.parse(l).cost?.usd ?? -1);
    expect(costs).toHaveLength(seeded.demoIds.length + 1);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
    // two pages hold every trace (the seeded store has 6 to 8)
    const first = await cli(["traces", "list", "-n", "4"], env);
    const token = /--page-token (\S+)/.exec(first.stdout)?.[1];
    expect(token).toBeDefined();
    const second = await cli(["traces", "list", "-n", "4", "--page-token", token as string], env);
    expect([...idsIn(first.stdout), ...idsIn(second.stdout)]).toHaveLength(seeded.demoIds.length + 1);
    expect(new Set([...idsIn(first.stdout), ...idsIn(second.stdout)]).size).toBe(seeded.demoIds.length + 1);
  });

  it("rejects a bad --order-by, --max-results and page token", async () => {
    const order = await cli(["traces", "list", "--order-by", "colour DESC"], env);
    expect([order.code, order.stderr]).toEqual([2, 'Error: Invalid orderBy "colour DESC": use "<field> [ASC|DESC]" with field one of timestamp_ms, execution_time_ms, name, status, total_tokens, cost\n']);
    const n = await cli(["traces", "list", "-n", "zero"], env);
    expect([n.code, n.stderr]).toEqual([2, 'Error: --max-results must be a positive integer, got "zero"\n']);
    expect((await cli(["traces", "list", "--page-token", "garbage"], env)).code).toBe(2);
    expect((await cli(["traces", "list", "--order-by", "cost", "--page-token", "garbage"], env)).code).toBe(2);
  });
});

describe("traces show", () => {
  it("prints the span tree with previews and the estimated cost", async () => {
    const r = await cli(["traces", "show", seeded.demoIds[0]], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Trace ${seeded.demoIds[0]}  OK`));
    expect(r.stdout).toMatch(/travel_agent \[AGENT\].*\n.*in:  \{"question":"What's the weather in Paris/);
    expect(r.stdout).toMatch(/├─ retrieve_context \[RETRIEVER\]/);
    expect(r.stdout).toMatch(/│  └─ Embeddings \[EMBEDDING\]/);
    expect(r.stdout).toMatch(/get_weather \[TOOL\]/);
    expect(r.stdout).toMatch(/Estimated cost: \$0\.0000\d+\n$/);
  });

  it("marks the failed tool call of the Atlantis trace", async () => {
    const r = await cli(["traces", "show", seeded.demoIds[2], "--preview", "0"], env);
    expect(r.stdout).toMatch(/get_weather \[TOOL\] .*✗ RangeError: No forecast for "Atlantis"/);
    expect(r.stdout).not.toContain("in:");
  });

  it("prints the MLflow JSON with --json", async () => {
    const r = await cli(["traces", "show", seeded.demoIds[1], "--json"], env);
    const t = Trace.fromJSON(r.stdout);
    expect(t.traceId).toBe(seeded.demoIds[1]);
    expect(t.spans.map((s) => s.name)).toContain("retrieve_context");
  });

  it("fails clearly for an unknown or malformed ID", async () => {
    const unknown = await cli(["traces", "show", "tr-0123456789abcdef0123456789abcdef"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`Error: No trace tr-0123456789abcdef0123456789abcdef in ${seeded.path}. List the traces there with \`traceloom traces list\`.\n`);
    const malformed = await cli(["traces", "show", "1234"], env);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/"1234" is not a valid trace ID/);
    expect((await cli(["traces", "show"], env)).code).toBe(2);
  });
});

describe("traces export", () => {
  it("exports one ID as an MLflow trace object and several as an array", async () => {
    const one = await cli(["traces", "export", seeded.demoIds[0]], env);
    expect(Trace.fromJSON(JSON.parse(one.stdout)).traceId).toBe(seeded.demoIds[0]);
    const two = await cli(["traces", "export", seeded.demoIds[0], seeded.demoIds[1], "--format", "json"], env);
    expect(JSON.parse(two.stdout).map((t: { info: { trace_id: string } }) => t.info.trace_id)).toEqual(seeded.demoIds.slice(0, 2));
  });

  it("exports a filter's traces as golden-dataset JSONL", async () => {
    const r = await cli(["traces", "export", "name = 'travel_agent'", "--format", "jsonl"], env);
    const records = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(records).toHaveLength(3);
    const paris = records.find((x) => x.source.trace.trace_id === seeded.demoIds[0]);
    expect(paris.inputs).toEqual({ question: "What's the weather in Paris, and what should I pack?" });
    expect(paris.expectations.expected_response).toBe("It is 14 °C with light rain in Paris. Pack layers and an umbrella.");
  });

  it("writes to --output", async () => {
    const out = join(seeded.dir, "export.json");
    const r = await cli(["traces", "export", "status = 'ERROR'", "-o", out], env);
    expect(r.stderr).toBe(`Exported 1 trace(s) to ${out}\n`);
    expect(JSON.parse(readFileSync(out, "utf8"))[0].info.state).toBe("ERROR");
  });

  it("fails clearly for unknown IDs, a bad format, a bad filter and mixed arguments", async () => {
    const unknown = await cli(["traces", "export", "tr-0123456789abcdef0123456789abcdef"], env);
    expect([unknown.code, unknown.stderr]).toEqual([1, `Error: Unknown trace tr-0123456789abcdef0123456789abcdef: not in ${seeded.path}\n`]);
    const format = await cli(["traces", "export", seeded.demoIds[0], "--format", "csv"], env);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/Allowed choices are json, jsonl/);
    const filter = await cli(["traces", "export", "status ~ 'x'"], env);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toMatch(/Invalid filter at position 7/);
    const mixed = await cli(["traces", "export", seeded.demoIds[0], "status"], env);
    expect(mixed.stderr).toMatch(/Give trace IDs \(tr-…\), or one filter in quotes/);
  });

  it("takes an argument starting with tr- as a trace ID, never as a filter", async () => {
    const short = await cli(["traces", "export", "tr-0000"], env);
    expect([short.code, short.stderr]).toEqual([2, 'Error: "tr-0000" is not a valid trace ID (expected tr- followed by 32 hex digits, as `traceloom traces list` shows)\n']);
    const second = await cli(["traces", "export", seeded.demoIds[0], "tr-0000"], env);
    expect([second.code, second.stderr]).toEqual([2, expect.stringMatching(/^Error: "tr-0000" is not a valid trace ID/)]);
    const two = await cli(["traces", "export", "tr-0123456789abcdef0123456789abcdef", "tr-00000000000000000000000000000000", seeded.demoIds[1]], env);
    expect([two.code, two.stderr]).toEqual([1, `Error: Unknown traces tr-0123456789abcdef0123456789abcdef, tr-00000000000000000000000000000000: not in ${seeded.path}\n`]);
  });
});

describe("traces delete", () => {
  it("deletes traces by ID", async () => {
    const store = { TRACELOOM_TRACKING_URI: copyStore(seeded, "delete-ids.db") };
    const r = await cli(["traces", "delete", seeded.demoIds[0], seeded.demoIds[1]], store);
    expect(r.stdout).toMatch(/^Deleted 2 trace\(s\) from /);
    expect(idsIn((await cli(["traces", "list"], store)).stdout)).toHaveLength(seeded.demoIds.length - 1);
    expect((await cli(["traces", "show", seeded.demoIds[0]], store)).code).toBe(1);
  });

  it("deletes nothing when any ID is unknown", async () => {
    const store = { TRACELOOM_TRACKING_URI: copyStore(seeded, "delete-unknown.db") };
    const r = await cli(["traces", "delete", seeded.demoIds[0], "tr-0123456789abcdef0123456789abcdef"], store);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No trace tr-0123456789abcdef0123456789abcdef .*; nothing was deleted/);
    expect(idsIn((await cli(["traces", "list"], store)).stdout)).toHaveLength(seeded.demoIds.length + 1);
  });

  it("deletes what a filter matches only with --yes", async () => {
    const store = { TRACELOOM_TRACKING_URI: copyStore(seeded, "delete-filter.db") };
    const dry = await cli(["traces", "delete", "--filter", "status = 'ERROR'"], store);
    expect(dry.stdout).toBe("1 trace(s) match status = 'ERROR'. Re-run with --yes to delete them.\n");
    expect(idsIn((await cli(["traces", "list"], store)).stdout)).toHaveLength(seeded.demoIds.length + 1);
    const real = await cli(["traces", "delete", "--filter", "status = 'ERROR'", "--yes"], store);
    expect(real.stdout).toMatch(/^Deleted 1 trace\(s\)/);
    expect(idsIn((await cli(["traces", "list"], store)).stdout)).not.toContain(seeded.demoIds[3]);
  });

  it("deletes exactly the traces older than --older-than, only with --yes", async () => {
    const path = copyStore(seeded, "delete-age.db");
    const store = new SqliteTraceStore(path);
    const template = store.getTrace(seeded.demoIds[0])!.toJSON();
    const old = [40, 31, 50].map((days, i) => {
      const t = structuredClone(template);
      t.info.trace_id = `tr-${"0".repeat(31)}${i}`;
      t.info.request_time = new Date(Date.now() - days * 86_400_000).toISOString();
      return t;
    });
    store.writeTraces(old);
    store.close();
    const env = { TRACELOOM_TRACKING_URI: path };
    const dry = await cli(["traces", "delete", "--older-than", "30d"], env);
    expect(dry.stdout).toMatch(/^3 trace\(s\) started before \S+\. Re-run with --yes to delete them\.\n$/);
    expect(idsIn((await cli(["traces", "list"], env)).stdout)).toHaveLength(seeded.demoIds.length + 4);
    const real = await cli(["traces", "delete", "--older-than", "30d", "--yes"], env);
    expect(real.stdout).toMatch(/^Deleted 3 trace\(s\) started before/);
    const left = idsIn((await cli(["traces", "list"], env)).stdout);
    expect(left.sort()).toEqual([...seeded.demoIds, seeded.hostileId].sort());
    const bad = await cli(["traces", "delete", "--older-than", "a month"], env);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--older-than: Invalid age "a month"/)]);
  });

  it("needs IDs or a filter, not both or neither", async () => {
    expect((await cli(["traces", "delete"], env)).stderr).toMatch(/Say which traces to delete/);
    expect((await cli(["traces", "delete", seeded.demoIds[0], "--filter", "status = 'OK'"], env)).code).toBe(2);
    expect((await cli(["traces", "delete", "not-an-id"], env)).code).toBe(2);
  });
});

describe("stores and options", () => {
  const missing = join(mkdtempSync(join(tmpdir(), "traceloom-missing-")), "none.db");

  it.each([
    [["traces", "list"]],
    [["traces", "search", "status = 'OK'"]],
    [["traces", "show", "tr-0123456789abcdef0123456789abcdef"]],
    [["traces", "export", "status = 'OK'"]],
    [["traces", "delete", "tr-0123456789abcdef0123456789abcdef"]],
    [["ui", "--port", "0"]],
  ])("%j names a missing store and how to fill it", async (args) => {
    const r = await cli(args, { TRACELOOM_TRACKING_URI: missing });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: No trace store at ${missing}. Run a traced program (or \`traceloom demo\`) first, or point TRACELOOM_TRACKING_URI / --tracking-uri at your store.\n`);
  });

  it("explains that memory: and remote URIs cannot be read", async () => {
    expect((await cli(["traces", "list"], { TRACELOOM_TRACKING_URI: "memory:" })).stderr).toMatch(/in-memory store that only the process that writes it can see/);
    expect((await cli(["traces", "list", "--tracking-uri", "http://mlflow:5000"], {})).stderr).toMatch(/is a remote tracking server/);
  });

  it("prices models from a --prices file, and rejects a broken one", async () => {
    const file = join(seeded.dir, "prices.json");
    writeFileSync(file, JSON.stringify({ "gpt-4o-mini": { input: 1_000_000, output: 1_000_000 }, "text-embedding-3-small": { input: 0, output: 0 } }));
    const r = await cli(["--prices", file, "traces", "show", seeded.demoIds[1], "--preview", "0"], env);
    expect(r.stdout).toMatch(/Estimated cost: \$\d{2,}\.0{6}\n$/);
    writeFileSync(file, "{oops");
    const bad = await cli(["traces", "list", "--prices", file], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Cannot read price file/);
  });

  it("rejects an --allowed-host that is not a host name as bad usage", async () => {
    const r = await cli(["ui", "--allowed-host", "ok.example", "--allowed-host", "http://x/"], env);
    expect([r.code, r.stderr]).toEqual([2, 'Error: --allowed-host must be a host name or address (optionally with :port), got "http://x/"\n']);
  });

  it("rejects a --port outside 0-65535 as bad usage, before opening the store", async () => {
    for (const port of ["70000", "65536", "-1", "http", "1.5"]) {
      const r = await cli(["ui", "--port", port], { TRACELOOM_TRACKING_URI: missing });
      expect([r.code, r.stderr]).toEqual([2, `Error: --port must be a port number from 0 to 65535, got "${port}"\n`]);
    }
  });

  it("reports an --output file it cannot write in one line, with exit code 1", async () => {
    const target = join(seeded.dir, "no-such-dir", "x.json");
    const r = await cli(["traces", "export", "status = 'ERROR'", "-o", target], env);
    expect([r.code, r.stderr, r.stdout]).toEqual([1, `Error: Cannot write ${target}: ENOENT: no such file or directory\n`, ""]);
    const dirTarget = await cli(["traces", "export", "status = 'ERROR'", "-o", seeded.dir], env);
    expect([dirTarget.code, dirTarget.stderr]).toEqual([1, `Error: Cannot write ${seeded.dir}: EISDIR: illegal operation on a directory\n`]);
  });

  it("rejects unknown commands and options, and prints the version", async () => {
    expect((await cli(["traces", "frobnicate"], env)).code).toBe(2);
    const opt = await cli(["traces", "list", "--colour"], env);
    expect([opt.code, opt.stderr]).toEqual([2, expect.stringContaining("unknown option '--colour'")]);
    expect(await cli(["--version"], env)).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
  });
});

describe("failures", () => {
  it("reports an error that is not the user's as an internal error with exit code 1", () => {
    let stderr = "";
    const code = reportFailure(new TypeError("store.searchTraces is not a function"), { stderr: (t) => (stderr += t) });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Internal error \(a bug in traceloom; please report it with what follows\): TypeError: store\.searchTraces is not a function\n\s+at /);
  });

  it("reports a user error as its message alone, with its exit code", () => {
    let stderr = "";
    expect(reportFailure(new UserError("Give trace IDs", 2), { stderr: (t) => (stderr += t) })).toBe(2);
    expect(stderr).toBe("Error: Give trace IDs\n");
  });
});

describe("hints", () => {
  it("repeat the command the way the user ran it", () => {
    expect(invokedAs("/usr/local/bin/traceloom")).toBe("traceloom");
    expect(invokedAs(join(process.cwd(), "dist", "bin.js"))).toBe(`node ${join("dist", "bin.js")}`);
    expect(invokedAs("/elsewhere/bin.js")).toBe("node /elsewhere/bin.js");
  });
});

/**
 * The local store at size: builds a store of generated agent traces (corpus.mjs; 5 spans each) with the store's
 * batch writer, then times every filter of the grammar (filters.mjs) the three ways a user meets it — the CLI
 * (`traceloom traces search <filter> --json -n 20`, run in-process: opening the store included, Node's start-up not),
 * the viewer's API (`GET /api/traces?filter=…`, 50 per page, through its query worker) and a full count
 * (`countTraces`) — medians of 5 after one warm-up; every grouping of `traceStats` (STATS_QUERIES), timed the same
 * way on the store; and the store's size against the JSON it holds.
 *
 *   node src/store-queries.mjs                    # 100,000 traces / 500,000 spans
 *   node src/store-queries.mjs --spans 1000000    # the 1,000,000-span row (not part of pnpm bench)
 *   … --keep DIR                                  # build the store in DIR once and reuse it on later runs
 *
 * Prints JSON (or sends it to run-all.mjs); `--write` also replaces the section in RESULTS.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteTraceStore } from "@traceloom/core";
import { runCli, startViewer } from "traceloom";
import { sendResult } from "./child.mjs";
import { msSince, now } from "./clock.mjs";
import { median } from "./stats.mjs";
import { buildCorpusStore } from "./store/corpus.mjs";
import { STATS_QUERIES, STORE_FILTERS } from "./store/filters.mjs";
import { loadavg } from "node:os";
import { replaceStoreSection } from "./store/render.mjs";

const RUNS = 5;
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const spans = Number(arg("--spans") ?? 500_000);
const traces = Math.round(spans / 5);

async function timed(fn) {
  await fn();
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const t = now();
    await fn();
    samples.push(msSince(t));
  }
  return median(samples);
}

/**
 * GET on a new connection each time: the CLI and count runs block this process's event loop for seconds, long
 * enough for the server to close an idle kept-alive socket under a reused one (ECONNRESET).
 */
function getFresh(url) {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, body }));
    }).on("error", reject);
  });
}

function cliIo() {
  const out = [];
  return {
    out,
    io: { stdout: (t) => out.push(t), stderr: (t) => out.push(t), env: {}, color: false, commandName: "traceloom", untilInterrupted: () => new Promise(() => {}) },
  };
}

const keep = arg("--keep");
const dir = keep ?? mkdtempSync(join(process.platform === "linux" ? "/dev/shm" : tmpdir(), "traceloom-bench-store-"));
try {
  const path = join(dir, `traces-${spans}.db`);
  const built = `${path}.built.json`;
  if (!existsSync(built)) {
    mkdirSync(dir, { recursive: true });
    rmSync(path, { force: true });
    const buildStart = now();
    const jsonBytes = buildCorpusStore(path, traces, (done) => {
      if (done % 20_480 === 0) process.stderr.write(`store-queries: ${done} traces written\n`);
    });
    writeFileSync(built, JSON.stringify({ jsonBytes, buildMs: msSince(buildStart) }));
  }
  const { jsonBytes, buildMs } = JSON.parse(readFileSync(built, "utf8"));
  const storeBytes = statSync(path).size;

  const store = new SqliteTraceStore(path, { readonly: true });
  const viewer = await startViewer({ store, port: 0, queryTimeoutMs: 60_000 });
  const rows = [];
  for (const filter of STORE_FILTERS) {
    const f = filter === "(none)" ? undefined : filter;
    const args = f ? ["traces", "search", f] : ["traces", "list"];
    const cliMs = await timed(async () => {
      const { io, out } = cliIo();
      const code = await runCli(["--tracking-uri", path, "--query-timeout", "60", ...args, "--json", "-n", "20"], io);
      if (code !== 0) throw new Error(`traceloom ${args.join(" ")} failed: ${out.join("")}`);
    });
    let pageSize = 0;
    const apiMs = await timed(async () => {
      const { status, body } = await getFresh(`${viewer.url}api/traces${f ? `?filter=${encodeURIComponent(f)}` : ""}`);
      if (status !== 200) throw new Error(`viewer ${filter}: HTTP ${status} ${body}`);
      pageSize = JSON.parse(body).traces.length;
    });
    let count = 0;
    const countMs = await timed(() => {
      count = store.countTraces({ filter: f });
    });
    rows.push({ filter, cliMs, apiMs, countMs, count, pageSize });
    process.stderr.write(`store-queries: ${filter}: cli ${cliMs.toFixed(1)} ms, api ${apiMs.toFixed(1)} ms, count ${countMs.toFixed(1)} ms (${count})\n`);
  }
  await viewer.close();
  const stats = [];
  for (const options of STATS_QUERIES) {
    let answer;
    const statsMs = await timed(() => {
      answer = store.traceStats({ ...options, timeoutMs: 60_000 });
    });
    stats.push({ options, statsMs, count: answer.total.count, groups: answer.groups.length + (answer.truncatedGroups ?? 0) });
    process.stderr.write(`store-queries: stats ${JSON.stringify(options)}: ${statsMs.toFixed(1)} ms\n`);
  }
  store.close();
  const result = { traces, spans, jsonBytes, storeBytes, buildMs, binding: store.binding, node: process.version, rows, stats, loadAverage: loadavg()[0] };
  if (process.argv.includes("--write")) {
    const file = new URL("../RESULTS.md", import.meta.url);
    writeFileSync(file, replaceStoreSection(readFileSync(file, "utf8"), result));
  }
  sendResult(result);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}

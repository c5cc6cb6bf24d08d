/**
 * `pnpm bench`: runs every benchmark (each in fresh processes) and writes bench/RESULTS.md.
 * Sections: caller's path vs trace size, OpenAI autolog vs peers, SQLite throughput, stalled-exporter memory, local
 * store queries at 500,000 spans (a 1,000,000-span table written by hand with store-queries.mjs is kept), and the
 * local store's writes (lock held elsewhere, a 100,000-trace burst, capture at the per-field cap).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { runInChild } from "./child.mjs";
import { runGeminiOverhead } from "./gemini/overhead.mjs";
import { runOpenAIOverhead } from "./openai/overhead.mjs";
import { renderResults } from "./results-md.mjs";
import { carryOverStoreRuns, replaceStoreSection } from "./store/render.mjs";

const started = Date.now();
const results = {
  run: {
    startedAt: new Date(started).toISOString(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown CPU",
    memoryGB: totalmem() / 2 ** 30,
    node: process.versions.node,
    platform: `${process.platform}/${process.arch}`,
    loadStart: loadavg()[0],
  },
  errors: {},
};

/** Runs a benchmark once per mode, each in a fresh child process; one result per mode. */
async function eachMode(script, modes, timeoutMs = 180_000) {
  const rows = [];
  for (const mode of modes) rows.push(await runInChild(script, { args: [mode], timeoutMs }));
  return rows;
}

/** Section keys to skip, from BENCH_SKIP (comma-separated, e.g. `BENCH_SKIP=store`); tables a skipped store run made before are kept. */
const skipped = new Set((process.env.BENCH_SKIP ?? "").split(",").map((k) => k.trim()).filter(Boolean));

/** Runs one section, keeping its error (rather than a number) when it fails. */
async function section(key, title, run) {
  if (skipped.has(key)) return;
  process.stderr.write(`bench: ${title}…\n`);
  const t = Date.now();
  try {
    results[key] = await run();
  } catch (err) {
    results.errors[title] = String(err?.stack ?? err);
  }
  process.stderr.write(`bench: ${title} done in ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
}

await section("callerPath", "Caller's path vs trace size", () => runInChild("./caller-path.mjs", { timeoutMs: 240_000 }));
await section("openai", "OpenAI autolog vs peers", () => runOpenAIOverhead());
await section("gemini", "Gemini autolog next to the OpenAI autolog", () => runGeminiOverhead());
await section("sqlite", "SQLite throughput", () => runInChild("./sqlite-throughput.mjs"));
await section("memory", "Stalled-exporter memory", () => runInChild("./stalled-memory.mjs", { execArgv: ["--expose-gc"] }));
await section("store", "Local store queries", () => runInChild("./store-queries.mjs", { timeoutMs: 1_200_000 }));
await section("lockStall", "Store write lock held by another process", () => eachMode("./store-lock-stall.mjs", ["untraced", "before", "writer-thread"]));
await section("burst", "Store burst of 100,000 traces", () => eachMode("./store-burst.mjs", ["before", "writer-thread"], 600_000));
await section("captureCap", "Capture at the per-field cap", () => runInChild("./capture-cap.mjs"));

results.run.loadEnd = loadavg()[0];
results.run.durationMs = Date.now() - started;
const resultsFile = new URL("../RESULTS.md", import.meta.url);
let markdown = renderResults(results);
if (results.store) markdown = replaceStoreSection(markdown, results.store);
if (existsSync(resultsFile)) markdown = carryOverStoreRuns(readFileSync(resultsFile, "utf8"), markdown);
writeFileSync(resultsFile, markdown);
process.stderr.write(`bench: wrote bench/RESULTS.md (${(results.run.durationMs / 1000).toFixed(0)} s)\n`);
if (Object.keys(results.errors).length > 0) process.exitCode = 1;

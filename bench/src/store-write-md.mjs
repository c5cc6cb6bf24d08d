/**
 * RESULTS.md sections and target checks of issue 14's write side: writes off the caller's thread (lock held by
 * another process), a 100,000-trace burst into the local store, end-to-end throughput, CPU per OpenAI call, and
 * capture at the per-field cap.
 */
import { int, ms, ratio, table } from "./format.mjs";

/** Issue 14's write-side targets. */
export const STORE_WRITE_TARGETS = { stallP99Ms: 5, burstCallerRatio: 2, spansPerSecond: 20_000, cpuVsOpenllmetry: 0.5, oneMbOverCapMs: 5, tenMbVsStringify: 2 };

const byMode = (rows, mode) => rows?.find((r) => r.mode === mode);

/** A CPU time per trace, or a dash where this Node cannot measure it. */
const cpu = (value) => (value === undefined || Number.isNaN(value) ? "—" : ms(value));

/**
 * Target checks from the store-write results (each only when its numbers are present).
 * @param {any} results
 * @returns {{ target: string, measured: number, met: boolean, unit?: string }[]}
 */
export function storeWriteChecks(results) {
  const t = STORE_WRITE_TARGETS;
  const checks = [];
  const lock = byMode(results.lockStall, "writer-thread");
  if (lock) {
    checks.push({ target: `event-loop stall p99 ≤ ${t.stallP99Ms} ms while another process holds the write lock ${lock.lockMs / 1000} s (untraced: ${ms(byMode(results.lockStall, "untraced")?.stallP99Ms)})`, measured: lock.stallP99Ms, met: lock.stallP99Ms <= t.stallP99Ms });
    checks.push({ target: "no trace lost while the write lock is held (stored − produced)", measured: lock.stored - lock.produced, met: lock.stored === lock.produced, unit: "traces" });
  }
  const burst = byMode(results.burst, "writer-thread");
  const before = byMode(results.burst, "before");
  if (burst) {
    checks.push({ target: `100,000-trace burst: all stored after flush() (stored − traces)`, measured: burst.stored - burst.traces, met: burst.stored === burst.traces, unit: "traces" });
    if (before) {
      const r = burst.callerMsPerTrace / before.callerMsPerTrace;
      checks.push({ target: `100,000-trace burst: caller per trace ≤ ${t.burstCallerRatio}× before (${ms(before.callerMsPerTrace)})`, measured: r, met: r <= t.burstCallerRatio, unit: "×" });
    }
  }
  const e2e = results.sqlite?.endToEnd;
  if (e2e?.spansPerSecond !== undefined) {
    checks.push({ target: `end-to-end throughput into the store ≥ ${int(t.spansPerSecond)} spans/s`, measured: e2e.spansPerSecond, met: e2e.spansPerSecond >= t.spansPerSecond, unit: "spans/s" });
  }
  const configs = results.openai?.configs ?? [];
  const sqlite = configs.find((c) => c.name === "traceloom-sqlite" && c.overhead);
  const ollm = configs.find((c) => c.name === "openllmetry" && c.overhead);
  if (sqlite && ollm) {
    const r = sqlite.overhead.cpuPerCall / ollm.overhead.cpuPerCall;
    checks.push({ target: `OpenAI autolog CPU per call with the SQLite store ≤ ${t.cpuVsOpenllmetry}× OpenLLMetry's (${ms(ollm.overhead.cpuPerCall)})`, measured: r, met: r <= t.cpuVsOpenllmetry, unit: "×" });
  }
  const cap = results.captureCap;
  if (cap) {
    const row = (label) => cap.rows.find((r) => r.label === label);
    for (const kind of ["string", "chat messages"]) {
      const under = row(`${kind}, just under the cap`);
      const over = row(`${kind}, just over the cap`);
      if (under && over) {
        const r = over.overhead.median / under.overhead.median;
        checks.push({ target: `capture: ${kind} just over the cap costs ≤ one just under it (${ms(under.overhead.median)}), with measurement noise ×1.5`, measured: r, met: r <= 1.5, unit: "×" });
      }
    }
    const oneMbOver = row("chat messages, 2 MB (1 MB over the cap)");
    if (oneMbOver) checks.push({ target: `capture: 1 MB of chat messages over the cap ≤ ${t.oneMbOverCapMs} ms on the caller's path`, measured: oneMbOver.overhead.median, met: oneMbOver.overhead.median <= t.oneMbOverCapMs });
    const r = cap.tenMB.callerMs / cap.tenMB.stringifyMs;
    checks.push({ target: `capture: 10 MB in one span ≤ ${t.tenMbVsStringify}× one JSON.stringify of it (${ms(cap.tenMB.stringifyMs)})`, measured: r, met: r <= t.tenMbVsStringify, unit: "×" });
  }
  return checks;
}

function lockSection(rows) {
  return [
    "## Writes off the caller's thread: another process holds the write lock",
    "",
    "A traced app produces one small agent trace (3 spans) per 1 ms timer tick while another process holds the store's",
    "write lock for 3 s (longer than nothing, shorter than SQLite's 5 s busy timeout); its event-loop delay is sampled",
    "(`monitorEventLoopDelay`, 1 ms resolution) while the lock is held, and for 0.5 s after (the writer catching up).",
    "*untraced*: the same program with tracing off (this machine's own noise); *before*: the store written on the main",
    "thread behind a dropping queue, as before issue 14; *writer-thread*: the store now.",
    "",
    table(
      ["Mode", "Produced", "Stored", "Dropped", "Stall p50", "Stall p99", "Stall max", "After release p99", "After release max"],
      rows.map((r) => [r.mode, int(r.produced), r.mode === "untraced" ? "—" : int(r.stored), int(r.dropped), ms(r.stallMedianMs), ms(r.stallP99Ms), ms(r.stallMaxMs), ms(r.afterP99Ms), ms(r.afterMaxMs)]),
    ),
  ].join("\n");
}

function burstSection(rows) {
  const before = byMode(rows, "before");
  return [
    "## A burst of 100,000 traces into the local store",
    "",
    "100,000 small agent traces (3 spans, ≈ 6 KB of JSON each) in a loop that awaits each call and so never lets the",
    "event loop run (an offline evaluation or a replay), then `flush()`; each mode in a fresh process. *before*: the",
    "store behind the network sinks' bounded queue (2,048 traces), as before issue 14. *Caller CPU*: the main thread's",
    "CPU time in the loop; *CPU, all threads*: the process's until `flush()` returned (the writer thread included) —",
    "the figures other load on the machine moves least.",
    "",
    table(
      ["Mode", "Stored", "Dropped", "Caller per trace", "÷ before", "Caller CPU per trace", "CPU, all threads, per trace", "Until flush() returned", "Peak RSS"],
      rows.map((r) => [
        r.mode,
        int(r.stored),
        int(r.dropped),
        ms(r.callerMsPerTrace),
        before ? ratio(r.callerMsPerTrace, before.callerMsPerTrace) : "—",
        cpu(r.callerCpuMsPerTrace),
        cpu(r.processCpuMsPerTrace),
        ms(r.totalMs),
        `${r.peakRssMB.toFixed(0)} MB`,
      ]),
    ),
  ].join("\n");
}

function throughputSection(s) {
  const row = (label, e) => [label, int(e.traces), ms(e.totalMs), int(e.spansPerSecond), ms(e.callerMsPerTrace), cpu(e.callerCpuMsPerTrace), cpu(e.processCpuMsPerTrace), int(e.dropped), int(e.stored)];
  const rows = [row("store now (writer thread)", s.endToEnd)];
  if (s.endToEndBefore) rows.push(row("before (main thread, dropping queue)", s.endToEndBefore));
  return [
    "## End-to-end throughput into the store",
    "",
    "`trace()` → queue → SQLite, bursts of 500 traces with a yield to the event loop between them, until `flush()`",
    "returns (3 spans per trace). Caller = time inside the bursts per trace; main-thread CPU and the process's CPU (all",
    "threads) per trace over the whole run. On 2 cores, 20,000 spans/s needs ≤ 0.3 ms of CPU per trace in all.",
    "",
    table(["Path", "Traces", "Time", "Spans/s", "Caller per trace", "Main-thread CPU per trace", "CPU, all threads, per trace", "Dropped", "Store holds"], rows),
  ].join("\n");
}

function captureSection(c) {
  return [
    "## Capture at the per-field cap",
    "",
    `A one-span \`trace()\`-wrapped function taking one field; overhead = median(traced) − median(plain) over ${c.iterations}`,
    `interleaved calls. Cap: ${int(c.cap)} characters of JSON. 10 MB: 5 MB of chat messages in, 5 MB out, against one`,
    "`JSON.stringify` of those 10 MB, interleaved.",
    "",
    table(
      ["Field", "JSON characters", "Caller overhead (median)", "Caller overhead (p90)"],
      [
        ...c.rows.map((r) => [r.label, int(r.fieldChars), ms(r.overhead.median), ms(r.overhead.p90)]),
        ["10 MB in one span (two fields over the cap)", int(10_000_000), ms(c.tenMB.callerMs), `JSON.stringify: ${ms(c.tenMB.stringifyMs)} (${ratio(c.tenMB.callerMs, c.tenMB.stringifyMs)})`],
      ],
    ),
  ].join("\n");
}

/**
 * The store-write sections present in `results`.
 * @param {any} results
 * @returns {string[]}
 */
export function storeWriteSections(results) {
  const parts = [];
  if (results.lockStall) parts.push(lockSection(results.lockStall));
  if (results.burst) parts.push(burstSection(results.burst));
  if (results.sqlite?.endToEnd?.spansPerSecond !== undefined) parts.push(throughputSection(results.sqlite));
  if (results.captureCap) parts.push(captureSection(results.captureCap));
  return parts;
}

import { terminalSafe, type RunSummary } from "@traceloom/core";
import { formatTextTable, type TextColumn } from "./text-table.js";

const utc = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$|Z$/, "");

/** How long a run took, or "running" while it has no end. */
export function runDuration(run: RunSummary): string {
  return run.endTimeMs === null ? "running" : `${run.endTimeMs - run.startTimeMs} ms`;
}

const COLUMNS: TextColumn<RunSummary>[] = [
  { title: "RUN ID", value: (r) => r.runId },
  { title: "NAME", width: 32, value: (r) => r.name },
  { title: "STATUS", value: (r) => r.status },
  { title: "STARTED (UTC)", value: (r) => utc(r.startTimeMs) },
  { title: "DURATION", right: true, value: runDuration },
  { title: "TRACES", right: true, value: (r) => String(r.traceCount) },
  { title: "ERRORS", right: true, value: (r) => String(r.errorCount) },
  { title: "TOKENS", right: true, value: (r) => String(r.totalTokens) },
];

/** Runs as an aligned plain-text table; names and IDs shown terminal-safe. */
export function formatRunTable(runs: readonly RunSummary[]): string {
  return formatTextTable(COLUMNS, runs);
}

/** `key = value` lines of params or tags under a title, sorted by key; "(none)" when empty. */
function keyValueLines(title: string, entries: Record<string, string>): string[] {
  const keys = Object.keys(entries).sort();
  if (keys.length === 0) return [`${title}: (none)`];
  return [`${title}:`, ...keys.map((k) => `  ${terminalSafe(k)} = ${terminalSafe(entries[k])}`)];
}

/** A run's record and counts as lines of text: name, ID, status, times, traces, params and tags, terminal-safe. */
export function formatRunDetails(run: RunSummary): string {
  const errors = run.errorCount > 0 ? ` (${run.errorCount} failed)` : "";
  return [
    `Run ${terminalSafe(run.name)} (${terminalSafe(run.runId)})`,
    `Status: ${run.status} · experiment ${terminalSafe(run.experimentId)} · started ${utc(run.startTimeMs)} UTC · duration ${runDuration(run)}`,
    ...(run.parentRunId ? [`Parent run: ${terminalSafe(run.parentRunId)}`] : []),
    `Traces: ${run.traceCount}${errors} · tokens ${run.totalTokens}`,
    ...keyValueLines("Params", run.params),
    ...keyValueLines("Tags", run.tags),
  ].join("\n");
}

import { terminalSafe } from "@traceloom/core";
import { previewText } from "../preview-text.js";
import type { TraceSummary } from "../trace-summary.js";

const COLUMNS: { title: string; width?: number; right?: boolean; value(t: TraceSummary): string }[] = [
  { title: "TRACE ID", value: (t) => t.traceId },
  { title: "NAME", width: 24, value: (t) => t.name },
  { title: "STATUS", value: (t) => t.state },
  { title: "TIME (UTC)", value: (t) => t.requestTime.replace("T", " ").replace(/\.\d+Z$|Z$/, "") },
  { title: "LATENCY", right: true, value: (t) => (t.executionTimeMs === null ? "-" : `${t.executionTimeMs} ms`) },
  { title: "TOKENS", right: true, value: (t) => (t.tokens ? String(t.tokens.total_tokens) : "-") },
  { title: "COST", right: true, value: (t) => (t.cost ? `$${t.cost.usd.toFixed(6)}${t.cost.unpricedSpans > 0 ? "*" : ""}` : "-") },
  { title: "REQUEST", width: 48, value: (t) => previewText(t.requestPreview) },
];

function cut(text: string, width: number | undefined): string {
  const flat = terminalSafe(text.replace(/\s+/g, " ").trim());
  return width !== undefined && flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** Trace summaries as an aligned plain-text table with a header row; control characters in cells are shown escaped. */
export function formatTraceTable(traces: TraceSummary[]): string {
  const cells = traces.map((t) => COLUMNS.map((c) => cut(c.value(t), c.width)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (COLUMNS[i].right ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(COLUMNS.map((c) => c.title)), ...cells.map(line)].join("\n");
}

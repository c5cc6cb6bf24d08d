import { previewText } from "../preview-text.js";
import type { TraceSummary } from "../trace-summary.js";
import { formatTextTable, type TextColumn } from "./text-table.js";

const COLUMNS: TextColumn<TraceSummary>[] = [
  { title: "TRACE ID", value: (t) => t.traceId },
  { title: "NAME", width: 24, value: (t) => t.name },
  { title: "STATUS", value: (t) => t.state },
  { title: "TIME (UTC)", value: (t) => t.requestTime.replace("T", " ").replace(/\.\d+Z$|Z$/, "") },
  { title: "LATENCY", right: true, value: (t) => (t.executionTimeMs === null ? "-" : `${t.executionTimeMs} ms`) },
  { title: "TOKENS", right: true, value: (t) => (t.tokens ? String(t.tokens.total_tokens) : "-") },
  { title: "COST", right: true, value: (t) => (t.cost ? `$${t.cost.usd.toFixed(6)}${t.cost.unpricedSpans > 0 ? "*" : ""}` : "-") },
  { title: "REQUEST", width: 48, value: (t) => previewText(t.requestPreview) },
];

/** Trace summaries as an aligned plain-text table with a header row; control characters in cells are shown escaped. */
export function formatTraceTable(traces: TraceSummary[]): string {
  return formatTextTable(COLUMNS, traces);
}

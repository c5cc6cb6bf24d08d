import type { Span } from "../entities/span.js";
import { SpanStatusCode } from "../entities/span-status.js";
import type { Trace } from "../entities/trace.js";
import { terminalSafe } from "./terminal-safe.js";

/** Options of {@link formatTrace}. */
export interface FormatTraceOptions {
  /** ANSI colours (default: when stdout is a TTY and NO_COLOR is unset). */
  color?: boolean;
  /** Show each span's inputs/outputs, cut to this many characters (0 = hide; default 0). */
  previewChars?: number;
}

const ANSI = { red: "\x1b[31m", green: "\x1b[32m", dim: "\x1b[2m", bold: "\x1b[1m", cyan: "\x1b[36m", reset: "\x1b[0m" };

function formatMs(ms: number | null): string {
  if (ms === null) return "running";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

function oneLine(value: unknown, max: number): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const flat = terminalSafe((text ?? "").replace(/\s+/g, " "));
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Renders a trace as a tree for the terminal (names, messages and previews with control characters escaped, see
 * {@link terminalSafe}) — the span hierarchy with type, duration, status and token usage,
 * like the inline trace view of a notebook:
 * ```
 * weather_agent [AGENT] 25 ms ✓  tokens 120→30 (150)
 * ├─ plan [LLM] 0.09 ms ✓  tokens 50→10 (60)
 * └─ get_weather [TOOL] 0.10 ms ✗ ValueError: boom
 * ```
 */
export function formatTrace(trace: Trace, options: FormatTraceOptions = {}): string {
  const color = options.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const c = (code: keyof typeof ANSI, s: string) => (color ? `${ANSI[code]}${s}${ANSI.reset}` : s);
  const preview = options.previewChars ?? 0;
  const info = trace.info;
  const usage = trace.tokenUsage;
  const lines: string[] = [
    `${c("bold", `Trace ${terminalSafe(info.traceId)}`)}  ${info.state === "ERROR" ? c("red", info.state) : c("green", info.state)}  ` +
      `${formatMs(info.executionTimeMs ?? null)}  ${trace.spans.length} span${trace.spans.length === 1 ? "" : "s"}` +
      (usage ? `  tokens ${usage.input_tokens}→${usage.output_tokens} (${usage.total_tokens})` : ""),
  ];

  const ids = new Set(trace.spans.map((s) => s.spanId));
  const children = new Map<string | null, Span[]>();
  for (const s of trace.spans) {
    const parent = s.parentId !== null && ids.has(s.parentId) ? s.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.startTimeNs - b.startTimeNs);

  const describe = (s: Span): string => {
    const failed = s.status.code === SpanStatusCode.ERROR;
    const mark = failed ? c("red", `✗ ${terminalSafe(s.status.message)}`) : s.status.code === SpanStatusCode.OK ? c("green", "✓") : c("dim", "…");
    const u = s.tokenUsage;
    const tokens = u ? c("cyan", `  tokens ${u.input_tokens}→${u.output_tokens} (${u.total_tokens})`) : "";
    return `${c("bold", terminalSafe(s.name))} ${c("dim", `[${terminalSafe(s.spanType)}]`)} ${formatMs(s.durationMs)} ${mark}${tokens}`;
  };

  const visit = (s: Span, prefix: string, last: boolean, depth: number) => {
    const branch = depth === 0 ? "" : last ? "└─ " : "├─ ";
    lines.push(`${prefix}${branch}${describe(s)}`);
    const childPrefix = depth === 0 ? prefix : prefix + (last ? "   " : "│  ");
    if (preview > 0) {
      if (s.inputs !== undefined) lines.push(`${childPrefix}${c("dim", `  in:  ${oneLine(s.inputs, preview)}`)}`);
      if (s.outputs !== undefined) lines.push(`${childPrefix}${c("dim", `  out: ${oneLine(s.outputs, preview)}`)}`);
    }
    const kids = children.get(s.spanId) ?? [];
    if (depth > 200) return;
    kids.forEach((k, i) => visit(k, childPrefix, i === kids.length - 1, depth + 1));
  };
  const roots = children.get(null) ?? [];
  roots.forEach((r, i) => visit(r, "", i === roots.length - 1, 0));
  return lines.join("\n");
}

import type { TokenUsage } from "@traceloom/core";

/** "0.42 ms", "25 ms", "1.20 s", "2m 05s"; "running" for null. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "running";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}

/** "$0.0012", "$1.25", "<$0.000001"; "—" when unknown. */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return "—";
  if (usd === 0) return "$0";
  if (usd < 0.000001) return "<$0.000001";
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

/** Total tokens with a thousands separator; "—" when none. */
export function formatTokens(usage: TokenUsage | null): string {
  return usage ? usage.total_tokens.toLocaleString("en-US") : "—";
}

/** "120 in → 30 out (150)". */
export function describeTokens(usage: TokenUsage): string {
  return `${usage.input_tokens.toLocaleString("en-US")} in → ${usage.output_tokens.toLocaleString("en-US")} out (${usage.total_tokens.toLocaleString("en-US")})`;
}

/** Local time as "2026-11-26 13:08:32". */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** One line of at most `max` characters. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

import type { TokenUsage } from "@traceloom/core";

const count = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : typeof v === "object" && v !== null && typeof (v as { total?: unknown }).total === "number" ? (v as { total: number }).total : undefined;

/**
 * The AI SDK's usage (`{ inputTokens, outputTokens, totalTokens }`, numbers or provider-level `{ total }` objects;
 * `{ tokens }` for embeddings) as MLflow token usage; undefined when it holds no numbers.
 */
export function tokenUsage(usage: unknown): TokenUsage | undefined {
  if (typeof usage !== "object" || usage === null) return undefined;
  const u = usage as Record<string, unknown>;
  const input = count(u.inputTokens) ?? count(u.tokens);
  const output = count(u.outputTokens) ?? (u.tokens !== undefined ? 0 : undefined);
  if (input === undefined && output === undefined) return undefined;
  const total = count(u.totalTokens) ?? (input ?? 0) + (output ?? 0);
  return { input_tokens: input ?? 0, output_tokens: output ?? 0, total_tokens: total };
}

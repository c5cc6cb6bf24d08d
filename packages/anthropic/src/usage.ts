import { SpanAttributeKey, type LiveSpan } from "@traceloom/core";

const count = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/**
 * Token usage of a Messages response as MLflow's Anthropic autolog records it: `input_tokens` is the input not
 * read from or written to the prompt cache (as Anthropic reports it), `total_tokens` = input + output, and the
 * cache reads and writes are their own keys (`cache_read_input_tokens`, `cache_creation_input_tokens`) when reported.
 */
export function mlflowUsage(usage: unknown): Record<string, number> | undefined {
  if (typeof usage !== "object" || usage === null) return undefined;
  const u = usage as Record<string, unknown>;
  const input = count(u.input_tokens);
  const output = count(u.output_tokens);
  if (input === undefined && output === undefined) return undefined;
  const out: Record<string, number> = { input_tokens: input ?? 0, output_tokens: output ?? 0, total_tokens: (input ?? 0) + (output ?? 0) };
  const read = count(u.cache_read_input_tokens);
  const created = count(u.cache_creation_input_tokens);
  if (read !== undefined) out.cache_read_input_tokens = read;
  if (created !== undefined) out.cache_creation_input_tokens = created;
  return out;
}

/** Sets `mlflow.chat.tokenUsage` on `span` from a response's `usage`, when it has one. */
export function recordUsage(span: LiveSpan, usage: unknown): void {
  const value = mlflowUsage(usage);
  if (value) span.setAttribute(SpanAttributeKey.CHAT_USAGE, value);
}

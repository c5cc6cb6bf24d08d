/** Token counts of one model call, or summed over a trace (`mlflow.chat.tokenUsage`). */
export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
}

/** Adds two usages field by field. */
export function addTokenUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
}

/**
 * Reads a usage object in any of the shapes providers use (OpenAI chat `prompt_tokens`, Responses/Anthropic
 * `input_tokens`, LangChain `usage_metadata`, `tokenUsage.promptTokens`) into a {@link TokenUsage};
 * `undefined` when nothing countable is present.
 */
export function normalizeTokenUsage(raw: unknown): TokenUsage | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const r = raw as Record<string, unknown>;
  const num = (...keys: string[]): number | undefined => {
    for (const k of keys) {
      const v = r[k];
      if (typeof v === "number" && Number.isFinite(v)) return v;
    }
    return undefined;
  };
  const input = num("input_tokens", "prompt_tokens", "promptTokens", "inputTokens");
  const output = num("output_tokens", "completion_tokens", "completionTokens", "outputTokens");
  const total = num("total_tokens", "totalTokens");
  if (input === undefined && output === undefined && total === undefined) return undefined;
  const i = input ?? 0;
  const o = output ?? 0;
  return { input_tokens: i, output_tokens: o, total_tokens: total ?? i + o };
}

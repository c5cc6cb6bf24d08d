import { normalizeTokenUsage, type TokenUsage } from "@traceloom/core";
import { toChatMessage } from "./messages.js";

type Loose = Record<string, any>;

function generationsOf(result: unknown): Loose[] {
  const gens = (result as Loose | undefined)?.generations;
  if (!Array.isArray(gens)) return [];
  return gens.flat().filter((g): g is Loose => !!g && typeof g === "object");
}

/**
 * The outputs of a model run: for one generation the assistant message (chat) or the text (LLM); for several, the
 * list of them. `streamedText` stands in when the result carries no text (a stream LangChain did not aggregate).
 */
export function llmOutputs(result: unknown, streamedText: string): unknown {
  const gens = generationsOf(result);
  const one = (g: Loose) => (g.message ? toChatMessage(g.message) : g.text);
  if (gens.length === 0) return streamedText ? streamedText : result;
  if (gens.length === 1) {
    const out = one(gens[0]);
    return out === "" && streamedText ? streamedText : out;
  }
  return gens.map(one);
}

/** Token usage of a model run: summed `usage_metadata` of the messages, else `llmOutput.tokenUsage`. */
export function llmTokenUsage(result: unknown): TokenUsage | undefined {
  let sum: TokenUsage | undefined;
  for (const g of generationsOf(result)) {
    const usage = normalizeTokenUsage(g.message?.usage_metadata);
    if (!usage) continue;
    sum = sum
      ? { input_tokens: sum.input_tokens + usage.input_tokens, output_tokens: sum.output_tokens + usage.output_tokens, total_tokens: sum.total_tokens + usage.total_tokens }
      : usage;
  }
  if (sum) return sum;
  const llmOutput = (result as Loose | undefined)?.llmOutput;
  return normalizeTokenUsage(llmOutput?.tokenUsage) ?? normalizeTokenUsage(llmOutput?.estimatedTokenUsage) ?? normalizeTokenUsage(llmOutput?.usage);
}

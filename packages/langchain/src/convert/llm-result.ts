import { addTokenUsage, normalizeTokenUsage, type TokenUsage } from "@traceloom/core";
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

/**
 * Token usage of a model run, counted once: `llmOutput.tokenUsage` when the model reports it, else the first
 * candidate's `usage_metadata` for each prompt (with `n > 1` every candidate carries the whole response's usage,
 * so summing them would multiply it), else `llmOutput.usage` or `llmOutput.estimatedTokenUsage`.
 */
export function llmTokenUsage(result: unknown): TokenUsage | undefined {
  const r = result as Loose | undefined;
  const llmOutput = r?.llmOutput;
  const reported = normalizeTokenUsage(llmOutput?.tokenUsage);
  if (reported) return reported;
  let sum: TokenUsage | undefined;
  const prompts = Array.isArray(r?.generations) ? (r.generations as unknown[]) : [];
  for (const candidates of prompts) {
    const first = (Array.isArray(candidates) ? candidates : [candidates]).find((g: Loose | undefined) => normalizeTokenUsage(g?.message?.usage_metadata));
    const usage = normalizeTokenUsage((first as Loose | undefined)?.message?.usage_metadata);
    if (usage) sum = sum ? addTokenUsage(sum, usage) : usage;
  }
  return sum ?? normalizeTokenUsage(llmOutput?.usage) ?? normalizeTokenUsage(llmOutput?.estimatedTokenUsage);
}

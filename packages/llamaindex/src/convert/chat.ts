import { normalizeTokenUsage, type TokenUsage } from "@traceloom/core";

interface ChatResponseLike {
  message?: { role?: string; content?: unknown; options?: Record<string, unknown> };
  raw?: unknown;
  text?: unknown;
}

interface ChunkLike {
  delta?: unknown;
  text?: unknown;
  raw?: unknown;
  options?: Record<string, unknown>;
}

/** Inputs of an LLM `chat()` call: the messages and the names of the tools offered (never the session/client). */
export function chatInputs(params: unknown): unknown {
  if (!params || typeof params !== "object") return params;
  const p = params as { messages?: unknown; tools?: Array<{ metadata?: { name?: string } }>; stream?: boolean };
  const inputs: Record<string, unknown> = { messages: p.messages };
  if (Array.isArray(p.tools) && p.tools.length > 0) inputs.tools = p.tools.map((t) => t?.metadata?.name);
  if (p.stream) inputs.stream = true;
  return inputs;
}

/** Outputs of a non-streamed `chat()`: the assistant message (with tool calls, when any). */
export function chatOutputs(response: unknown): unknown {
  const r = (response ?? {}) as ChatResponseLike;
  return r.message ?? response;
}

/** Outputs of a non-streamed `complete()`: the completion text. */
export function completionOutputs(response: unknown): unknown {
  const r = (response ?? {}) as ChatResponseLike;
  return typeof r.text === "string" ? r.text : response;
}

function usageFromRaw(raw: unknown): TokenUsage | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  return normalizeTokenUsage((raw as { usage?: unknown }).usage);
}

/** Token usage of a chat/complete response, read from the provider's raw response. */
export function responseTokenUsage(response: unknown): TokenUsage | undefined {
  return usageFromRaw((response as ChatResponseLike | undefined)?.raw);
}

/** Token usage of a streamed response: the last chunk whose raw payload carries usage. */
export function streamTokenUsage(chunks: unknown[]): TokenUsage | undefined {
  for (let i = chunks.length - 1; i >= 0; i--) {
    const usage = usageFromRaw((chunks[i] as ChunkLike | undefined)?.raw);
    if (usage) return usage;
  }
  return undefined;
}

/** Outputs of a streamed `chat()`/`complete()`: the assistant message rebuilt from the deltas. */
export function streamedChatOutputs(chunks: unknown[]): unknown {
  let content = "";
  let options: Record<string, unknown> = {};
  for (const chunk of chunks) {
    const c = (chunk ?? {}) as ChunkLike;
    const delta = c.delta ?? c.text;
    if (typeof delta === "string") content += delta;
    if (c.options && typeof c.options === "object") options = { ...options, ...c.options };
  }
  const message: Record<string, unknown> = { role: "assistant", content };
  if (Object.keys(options).length > 0) message.options = options;
  return message;
}

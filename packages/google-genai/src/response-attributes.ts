import type { LiveSpan, TokenUsage } from "@traceloom/core";

type Body = Record<string, unknown>;

const isRecord = (v: unknown): v is Body => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Token usage from Gemini's `usageMetadata`, counted as MLflow's Gemini autolog counts it: input =
 * `promptTokenCount`, output = `candidatesTokenCount`, total = `totalTokenCount` (which also holds thinking and
 * tool-use prompt tokens).
 */
export function tokenUsageOf(usageMetadata: unknown): TokenUsage | undefined {
  if (!isRecord(usageMetadata)) return undefined;
  const num = (k: string) => (typeof usageMetadata[k] === "number" ? (usageMetadata[k] as number) : undefined);
  const input = num("promptTokenCount");
  const output = num("candidatesTokenCount");
  const total = num("totalTokenCount");
  if (input === undefined && output === undefined && total === undefined) return undefined;
  return { input_tokens: input ?? 0, output_tokens: output ?? 0, total_tokens: total ?? (input ?? 0) + (output ?? 0) };
}

/**
 * The response as the span keeps it: the SDK's response object without `sdkHttpResponse` (the HTTP response
 * headers the SDK attaches), copied so later changes by the caller do not show.
 */
export function responseRecord(response: unknown): unknown {
  if (!isRecord(response)) return response;
  const out: Body = {};
  for (const key of Object.keys(response)) {
    if (key === "sdkHttpResponse") continue;
    const d = Object.getOwnPropertyDescriptor(response, key);
    if (d && "value" in d) out[key] = d.value;
  }
  return out;
}

/** Records a (possibly aggregated) response: outputs, served model, finish reason and token usage. */
export function recordResponse(span: LiveSpan, response: unknown): void {
  const record = responseRecord(response);
  span.setOutputs(record);
  if (!isRecord(record)) return;
  if (typeof record.modelVersion === "string") span.setAttribute("model", record.modelVersion);
  const first = Array.isArray(record.candidates) ? record.candidates[0] : undefined;
  if (isRecord(first) && typeof first.finishReason === "string") span.setAttribute("finish_reason", first.finishReason);
  const usage = tokenUsageOf(record.usageMetadata);
  if (usage) span.setTokenUsage(usage);
}

/** Folds the chunks of a streamed response into the one response object the span records. */
export interface StreamAggregator {
  /** Takes one chunk; returns true when it carries generated content (text, tool call or refusal). */
  add(chunk: unknown): boolean;
  /** The response as if it had not been streamed (partial when the stream stopped early). */
  result(): unknown;
}

/** A plain-object view of a chunk, or undefined. */
export function asRecord(v: unknown): Record<string, any> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, any>) : undefined;
}

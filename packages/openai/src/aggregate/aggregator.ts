export type { StreamAggregator } from "@traceloom/core";

/** A plain-object view of a chunk, or undefined. */
export function asRecord(v: unknown): Record<string, any> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, any>) : undefined;
}

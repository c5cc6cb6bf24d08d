/** What a report's `count` counts: traces, the model calls of `model`, or the spans of `span.type` / `span.name`. */
export type CountedItems = "traces" | "spans" | "model calls";

/** What a grouping's groups count: model calls (model spans) for `model`, spans for span.type / span.name, else traces. */
export function countedItems(groupBy: string): CountedItems {
  if (groupBy === "model") return "model calls";
  return groupBy === "span.type" || groupBy === "span.name" ? "spans" : "traces";
}

/** The singular, for "per trace" / "per model call" labels. */
export function countedItem(counts: CountedItems): string {
  return counts === "model calls" ? "model call" : counts === "spans" ? "span" : "trace";
}

/** The plural capitalised, for titles: "Traces", "Spans", "Model calls". */
export function countedTitle(counts: CountedItems): string {
  return counts[0].toUpperCase() + counts.slice(1);
}

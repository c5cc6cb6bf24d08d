/** What to do when a model call's stream was garbage-collected before its operation ended. */
export type OnDropped = () => void;

const registry = new FinalizationRegistry<OnDropped>((onDropped) => onDropped());

/**
 * Calls `onDropped` once the stream of a model call (`{ stream }` that a provider's `doStream` returned) is
 * garbage-collected. The AI SDK's own pipeline holds that stream for as long as the operation's result can still
 * be read, so it goes only when the application dropped the result — after a `break`, say, which the AI SDK itself
 * never reports. `onDropped` must not reference the stream.
 */
export function watchDroppedStream(result: unknown, onDropped: OnDropped): void {
  const stream = typeof result === "object" && result !== null ? (result as { stream?: unknown }).stream : undefined;
  if (typeof stream === "object" && stream !== null) registry.register(stream, onDropped);
}

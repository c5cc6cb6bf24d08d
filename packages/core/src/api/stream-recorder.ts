import type { LiveSpan } from "../tracer/live-span.js";
import type { SettleOptions } from "./settle.js";

/** Chunks of a stream kept for the outputs at most; later ones are counted, not kept. */
const MAX_KEPT_CHUNKS = 10_000;

/** Ends the span of a traced result nobody consumed, when that result is garbage-collected. */
export const abandoned = new FinalizationRegistry<LiveSpan>((span) => {
  if (!span.ended) {
    span.addEvent("abandoned", { reason: "the stream was garbage-collected before it was fully consumed" });
    span.end();
  }
});

/** Collects the chunks of a traced stream and ends its span exactly once, however the stream stops. */
export class StreamRecorder {
  private chunks: unknown[] = [];
  private dropped = 0;
  private readonly releases: (() => void)[] = [];
  /** Unregisters the stream from the abandonment registry, so a finished span is not kept alive by it. */
  readonly token = {};

  /**
   * @param defaultReducer - the outputs when the caller gave no `outputReducer` (default: the array of chunks).
   */
  constructor(
    private readonly span: LiveSpan,
    private readonly options: SettleOptions,
    private readonly defaultReducer: (chunks: unknown[]) => unknown = (chunks) => chunks,
  ) {}

  /** Whether the span has ended (the stream finished, failed or was cancelled). */
  get finished(): boolean {
    return this.span.ended;
  }

  /** Registers `stream` so its span ends as `abandoned` if it is collected unfinished. */
  watch(stream: object): void {
    abandoned.register(stream, this.span, this.token);
  }

  /** Undoes part of the instrumentation once the stream has finished, so a kept stream does not keep the trace alive. */
  onFinish(release: () => void): void {
    this.releases.push(release);
  }

  chunk(value: unknown): void {
    if (!this.options.recordOutputs || this.span.ended) return;
    if (this.chunks.length < MAX_KEPT_CHUNKS) this.chunks.push(value);
    else this.dropped++;
  }

  /** Ends the span: `cancelled` adds a `cancelled` event (the consumer stopped early); an error is recorded. */
  finish(how: "done" | "cancelled", error?: unknown): void {
    if (this.span.ended) return;
    if (this.options.recordOutputs) {
      try {
        this.span.setOutputs((this.options.outputReducer ?? this.defaultReducer)(this.chunks));
      } catch (err) {
        this.span.recordException(err);
      }
      if (this.dropped) this.span.setAttribute("traceloom.stream.chunksNotKept", this.dropped);
    }
    if (how === "cancelled") this.span.addEvent("cancelled", { reason: "the consumer stopped before the end of the stream" });
    if (error !== undefined) this.span.recordException(error);
    this.span.end();
    this.chunks = [];
    abandoned.unregister(this.token);
    for (const release of this.releases.splice(0)) release();
  }
}

/**
 * The outputs of a byte or text stream: its text when every chunk is a string or UTF-8 bytes, else the chunks.
 */
export function streamText(chunks: unknown[]): unknown {
  if (chunks.length > 0 && chunks.every((c) => typeof c === "string")) return chunks.join("");
  if (chunks.length > 0 && chunks.every((c) => c instanceof Uint8Array)) {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    try {
      return chunks.map((c, i) => decoder.decode(c as Uint8Array, { stream: i < chunks.length - 1 })).join("");
    } catch {
      return chunks;
    }
  }
  return chunks;
}

/**
 * Replaces `target[key]` with an own property `value`, and returns how to put back what was there (the own
 * property, or none so the prototype's shows through again).
 */
export function replaceMethod(target: object, key: string | symbol, value: unknown): () => void {
  const own = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, configurable: true, writable: true });
  return () => {
    if (own) Object.defineProperty(target, key, own);
    else delete (target as Record<string | symbol, unknown>)[key];
  };
}

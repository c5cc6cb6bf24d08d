import type { LiveSpan } from "@traceloom/core";
import { watchDroppedStream } from "./dropped-streams.js";
import { OperationRun } from "./operation-run.js";

type Event = Record<string, unknown>;

/** Events of ai 7 carry the operation's `callId`; ai 6's do not (they go to the ai 6 integration). */
export function isV7Event(event: unknown): boolean {
  return typeof event === "object" && event !== null && typeof (event as Event).callId === "string";
}

/**
 * Operations open at once, at most. A stream its reader left after a `break` (no abort signal) never ends for the
 * AI SDK either, so it sends no further event: past this bound the oldest open operation is ended as cancelled.
 */
export const MAX_OPEN_OPERATIONS = 10_000;

/**
 * The event handlers of ai 7's telemetry interface. Every event carries the operation's `callId`, which keys the
 * {@link OperationRun} of that operation; ai 7 awaits each handler, so they are synchronous and cheap.
 */
export class V7Handlers {
  private readonly runs = new Map<string, OperationRun>();

  constructor(private readonly startRun: (e: Event) => OperationRun | undefined) {}

  private run(e: Event): OperationRun | undefined {
    return this.runs.get(String(e.callId));
  }

  onStart(e: Event): void {
    const run = this.startRun(e);
    if (!run) return;
    this.runs.set(String(e.callId), run);
    if (this.runs.size > MAX_OPEN_OPERATIONS) this.evictOldest();
  }

  onStepStart(e: Event): void {
    this.run(e)?.stepStarted(e);
  }

  onLanguageModelCallStart(e: Event): void {
    this.run(e)?.modelCallStarted(e);
  }

  onLanguageModelCallEnd(e: Event): void {
    this.run(e)?.modelCallEnded(e);
  }

  onObjectStepStart(e: Event): void {
    this.run(e)?.modelCallStarted(e, e.promptMessages);
  }

  onObjectStepEnd(e: Event): void {
    this.run(e)?.modelCallEnded(e, { role: "assistant", content: e.objectText });
  }

  onStepError(e: Event): void {
    this.run(e)?.modelCallFailed(e.error);
  }

  onToolExecutionStart(e: Event): void {
    if (typeof e.toolCall === "object" && e.toolCall !== null) this.run(e)?.toolStarted(e.toolCall as Event);
  }

  onToolExecutionEnd(e: Event): void {
    const call = (e.toolCall ?? {}) as Event;
    const out = (e.toolOutput ?? {}) as Event;
    const failed = out.type === "tool-error";
    this.run(e)?.toolEnded(call.toolCallId, { failed, output: out.output, error: out.error });
  }

  onEmbedStart(e: Event): void {
    this.run(e)?.embeddingStarted(e);
  }

  onEmbedEnd(e: Event): void {
    this.run(e)?.embeddingEnded(e);
  }

  onEnd(e: Event): void {
    this.take(e)?.finished(e);
  }

  onAbort(e: Event): void {
    this.take(e)?.aborted(e.reason);
  }

  onError(e: Event): void {
    this.take(e)?.failed(e.error);
  }

  executeLanguageModelCall<T>(options: Event & { execute: () => PromiseLike<T> }): PromiseLike<T> {
    const run = this.run(options);
    if (!run) return options.execute();
    const step = run.modelSpan;
    const call = run.inModelCall(options.execute);
    const callId = String(options.callId);
    // Observed on the side: the AI SDK gets the very promise the call returned.
    Promise.resolve(call).then((result) => watchDroppedStream(result, () => this.dropped(callId, run, step)), () => {});
    return call;
  }

  /**
   * The stream of a model call was collected. Once that call has ended (its step's stream was read to the end)
   * this says nothing — the operation may be well into a later step; before, the stream was dropped unread: the
   * operation ends as cancelled.
   */
  private dropped(callId: string, run: OperationRun, step: LiveSpan | undefined): void {
    if (step?.ended || this.runs.get(callId) !== run) return;
    this.runs.delete(callId);
    run.aborted("the stream was dropped before its end");
  }

  executeTool<T>(options: Event & { execute: () => PromiseLike<T> }): PromiseLike<T> {
    const run = this.run(options);
    return run ? run.inTool(options.toolCallId, options.execute) : options.execute();
  }

  private evictOldest(): void {
    const [key, oldest] = this.runs.entries().next().value as [string, OperationRun];
    this.runs.delete(key);
    oldest.aborted(`still open when ${MAX_OPEN_OPERATIONS} later operations had started (a stream not read to its end?)`);
  }

  private take(e: Event): OperationRun | undefined {
    const key = String(e.callId);
    const run = this.runs.get(key);
    this.runs.delete(key);
    return run;
  }
}

import type { LiveSpan } from "@traceloom/core";
import type { ApiPromiseObserver } from "./api-promise.js";
import { recordResponse } from "./response-attributes.js";
import { instrumentStream, isSdkStream } from "./stream.js";
import type { CallKind } from "./targets.js";

/**
 * Records the outcome of one request made through an `APIPromise` on its span, and ends the span once: the
 * response (or the `Stream`, which then ends the span itself) is recorded when the SDK parses it, and the span
 * ends when the promise the caller holds settles — with the error when a helper's transform rejects — or, when
 * that promise is never awaited, once it is garbage-collected (an `abandoned` event, no outputs).
 */
export class RequestRecording implements ApiPromiseObserver {
  private gotResponse = false;
  private streaming = false;

  constructor(
    private readonly span: LiveSpan,
    private readonly kind: CallKind,
  ) {}

  received(data: unknown): void {
    if (this.gotResponse || this.span.ended) return;
    this.gotResponse = true;
    if (isSdkStream(data)) {
      this.streaming = true;
      instrumentStream(this.span, this.kind, data);
      return;
    }
    recordResponse(this.span, this.kind, data);
  }

  resolved(data: unknown): void {
    this.received(data);
    if (!this.streaming) this.span.end();
  }

  failed(error: unknown): void {
    if (this.span.ended) return;
    this.span.recordException(error);
    this.span.end();
  }

  abandon(): void {
    if (this.span.ended) return;
    this.span.addEvent("abandoned", { reason: "the APIPromise was garbage-collected before it was awaited" });
    this.span.end();
  }

  unread(arrivedAtNs: number): void {
    if (this.span.ended) return;
    this.span.addEvent("unread", { reason: "the response body was not read through the SDK (e.g. .asResponse())" });
    this.span.end({ endTimeNs: arrivedAtNs });
  }
}

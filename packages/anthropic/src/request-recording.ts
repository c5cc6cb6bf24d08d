import { instrumentSdkStream, isSdkStream, snapshotSdkData, type ApiPromiseObserver, type LiveSpan } from "@traceloom/core";
import { chatRequest } from "./chat-format.js";
import { warnOnce } from "./log.js";
import { MessageStreamAggregator } from "./message-aggregator.js";
import { requestAttributes } from "./request-attributes.js";
import { recordResponse } from "./response-attributes.js";
import type { CallKind } from "./targets.js";

/**
 * Records the outcome of one request made through an `APIPromise` on its span, and ends the span once: the
 * response (or the `Stream`, which then ends the span itself) is recorded when the SDK parses it, and the span
 * ends when the promise the caller holds settles — or, never awaited, once it is garbage-collected.
 */
export class RequestRecording implements ApiPromiseObserver {
  private sentBody = false;
  private gotResponse = false;
  private streaming = false;

  constructor(
    private readonly span: LiveSpan,
    private readonly kind: CallKind,
  ) {}

  /** The SDK serialized the request body (`body`, JSON text): the span's inputs and request attributes. */
  sent(body: string): void {
    if (this.sentBody || this.span.ended) return;
    this.sentBody = true;
    try {
      const request = JSON.parse(body) as unknown;
      this.span.setInputs(chatRequest(request));
      this.span.setAttributes(requestAttributes(request));
    } catch (err) {
      warnOnce("anthropic.request", "could not record an Anthropic request body", err);
    }
  }

  /** The body the SDK parsed, before a helper's transform, recorded from a copy that runs no getter. */
  received(data: unknown): void {
    if (this.gotResponse || this.span.ended) return;
    this.gotResponse = true;
    if (isSdkStream(data)) {
      this.streaming = true;
      const kind = this.kind;
      instrumentSdkStream(this.span, data, { aggregator: new MessageStreamAggregator(), record: (span, response) => recordResponse(span, kind, response) });
      return;
    }
    recordResponse(this.span, this.kind, snapshotSdkData(data));
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

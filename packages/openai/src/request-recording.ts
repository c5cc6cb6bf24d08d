import { isSdkStream, snapshotSdkData, type ApiPromiseObserver, type LiveSpan } from "@traceloom/core";
import { warnOnce } from "./log.js";
import { requestAttributes } from "./request-attributes.js";
import { recordResponse } from "./response-attributes.js";
import { instrumentStream } from "./stream.js";
import type { CallKind } from "./targets.js";

/**
 * Records the outcome of one request made through an `APIPromise` on its span, and ends the span once: the
 * response (or the `Stream`, which then ends the span itself) is recorded when the SDK parses it, and the span
 * ends when the promise the caller holds settles — with the error when a helper's transform rejects — or, when
 * that promise is never awaited, once it is garbage-collected (an `abandoned` event, no outputs).
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
      this.span.setInputs(request);
      this.span.setAttributes(requestAttributes(this.kind, request));
    } catch (err) {
      warnOnce("openai.request", "could not record an OpenAI request body", err);
    }
  }

  /**
   * The body the SDK parsed, before a helper's transform: recorded from a copy that runs no getter (see
   * snapshotSdkData). Embeddings wait for the SDK's own transform, which decodes the base64 vectors it asked for.
   */
  received(data: unknown): void {
    if (this.gotResponse || this.span.ended) return;
    if (isSdkStream(data)) {
      this.gotResponse = true;
      this.streaming = true;
      instrumentStream(this.span, this.kind, data);
      return;
    }
    if (this.kind === "embedding") return;
    this.gotResponse = true;
    recordResponse(this.span, this.kind, snapshotSdkData(data));
  }

  resolved(data: unknown): void {
    if (this.kind === "embedding" && !this.gotResponse && !this.span.ended) {
      this.gotResponse = true;
      recordResponse(this.span, this.kind, snapshotSdkData(data));
    }
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

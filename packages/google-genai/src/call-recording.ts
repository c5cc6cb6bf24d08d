import { instrumentSdkIterator, type LiveSpan } from "@traceloom/core";
import { StreamAggregator } from "./aggregate.js";
import { warnOnce } from "./log.js";
import { modelOfPath, requestAttributes, requestInputs } from "./request-attributes.js";
import { recordResponse, responseRecord } from "./response-attributes.js";
import type { SentRequest } from "./sent-request.js";
import type { CallKind } from "./targets.js";

/** True for an async iterator the SDK returned (its async generator). */
function isAsyncIterator(value: unknown): value is AsyncIterator<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AsyncIterator<unknown>).next === "function" &&
    typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === "function"
  );
}

/**
 * Records one traced call on its span and ends the span once: the request when the SDK sends it, then the
 * response (a stream ends the span itself when it ends), or the error the caller gets.
 */
export class CallRecording {
  private sentRequest = false;

  constructor(
    private readonly span: LiveSpan,
    private readonly kind: CallKind,
  ) {}

  /** The SDK sent `request`: the span's inputs and request attributes. */
  sent(request: SentRequest): void {
    if (this.sentRequest || this.span.ended) return;
    this.sentRequest = true;
    try {
      const body = JSON.parse(request.body) as unknown;
      const model = modelOfPath(request.path);
      this.span.setInputs(requestInputs(model, body));
      this.span.setAttributes(requestAttributes(this.kind, model, body));
    } catch (err) {
      warnOnce("google-genai.request", "could not record a Gemini request body", err);
    }
  }

  /** The call resolved to `value`: a response, embeddings, or (for a stream) the SDK's async generator. */
  resolved(value: unknown): void {
    if (this.span.ended) return;
    if (this.kind === "stream" && isAsyncIterator(value)) {
      instrumentSdkIterator(this.span, value, { aggregator: new StreamAggregator(), record: recordResponse });
      return;
    }
    if (this.kind === "embed") this.span.setOutputs(responseRecord(value));
    else recordResponse(this.span, value);
    this.span.end();
  }

  failed(error: unknown): void {
    if (this.span.ended) return;
    this.span.recordException(error);
    this.span.end();
  }
}


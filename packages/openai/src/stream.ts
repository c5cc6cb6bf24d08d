import { instrumentSdkStream, type LiveSpan, type SdkStream } from "@traceloom/core";
import { aggregatorFor } from "./aggregate/index.js";
import { recordResponse } from "./response-attributes.js";
import type { CallKind } from "./targets.js";

/**
 * Instruments an SDK `Stream` in place, keeping it the very same `Stream` (see core's `instrumentSdkStream`):
 * chunks of `kind` are aggregated into the response the span records when the stream ends, fails or is stopped.
 */
export function instrumentStream(span: LiveSpan, kind: CallKind, stream: SdkStream): void {
  instrumentSdkStream(span, stream, { aggregator: aggregatorFor(kind), record: (s, response) => recordResponse(s, kind, response) });
}

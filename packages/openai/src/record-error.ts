import type { LiveSpan } from "@traceloom/core";

/**
 * Records `error` on `span` (exception event + status ERROR) under its class name: the SDK's errors
 * (`RateLimitError`, `APIConnectionError`, …) keep the generic `name` "Error", which says nothing.
 */
export function recordError(span: LiveSpan, error: unknown): void {
  if (!(error instanceof Error) || (error.name && error.name !== "Error")) {
    span.recordException(error);
    return;
  }
  const type = error.constructor?.name || "Error";
  span.recordException({ name: type, message: error.message, stack: error.stack });
}

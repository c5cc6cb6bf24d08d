/** OpenTelemetry status codes, spelled as MLflow writes them. */
export const SpanStatusCode = {
  OK: "STATUS_CODE_OK",
  ERROR: "STATUS_CODE_ERROR",
  UNSET: "STATUS_CODE_UNSET",
} as const;

/** One of the {@link SpanStatusCode} values. */
export type SpanStatusCodeName = (typeof SpanStatusCode)[keyof typeof SpanStatusCode];

/** A span's status: `message` is "" unless the span failed or was cancelled. */
export interface SpanStatus {
  code: SpanStatusCodeName;
  message: string;
}

/** Accepts `"OK" | "ERROR" | "UNSET"` or the full `STATUS_CODE_*` names. */
export function normalizeStatusCode(code: string): SpanStatusCodeName {
  const upper = code.toUpperCase();
  if (upper === "OK" || upper === SpanStatusCode.OK) return SpanStatusCode.OK;
  if (upper === "ERROR" || upper === SpanStatusCode.ERROR) return SpanStatusCode.ERROR;
  if (upper === "UNSET" || upper === SpanStatusCode.UNSET) return SpanStatusCode.UNSET;
  throw new TypeError(`Unknown span status code "${code}" (expected OK, ERROR or UNSET)`);
}

/** A value an event attribute may hold; MLflow keeps these raw (not JSON-encoded). */
export type EventAttributeValue = string | number | boolean | string[] | number[] | boolean[];

/** A point-in-time event on a span, e.g. `exception` or a streaming milestone. */
export interface SpanEvent {
  name: string;
  /** Nanoseconds since the Unix epoch. */
  time_unix_nano: number;
  attributes: Record<string, EventAttributeValue>;
}

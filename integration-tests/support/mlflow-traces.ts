import type { TraceJSON } from "@traceloom/core";

/** Tags an MLflow SQL or file store adds to every trace by itself (where it keeps artifacts and spans). */
export const SERVER_ADDED_TAGS = ["mlflow.artifactLocation", "mlflow.trace.spansLocation"];

/** A span attribute value as both sides mean it: MLflow re-encodes JSON with its own spacing. */
function decoded(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * MLflow 3.6's REST read path (get_trace / search_traces on a SQL store) turns an empty object or list nested in an
 * attribute value into null, although its `spans` table holds them as sent (checked in round-trip.test.ts): both
 * sides are compared with nested empties as null.
 */
function emptiesAsNull(value: unknown, nested = false): unknown {
  if (Array.isArray(value)) return nested && value.length === 0 ? null : value.map((v) => emptiesAsNull(v, true));
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (nested && entries.length === 0) return null;
    return Object.fromEntries(entries.map(([k, v]) => [k, emptiesAsNull(v, true)]));
  }
  return value;
}

function decodedAttributes(attrs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, emptiesAsNull(decoded(v))]));
}

/** Nanosecond timestamps of one trace, by span ID, for comparing up to float rounding. */
export function spanTimes(trace: TraceJSON): Map<string, number[]> {
  return new Map(
    trace.data.spans.map((s) => [s.span_id, [s.start_time_unix_nano, s.end_time_unix_nano ?? 0, ...s.events.map((e) => e.time_unix_nano)]]),
  );
}

/**
 * A trace in a form two copies can be compared in field by field: info (minus the experiment, which differs per
 * server, and the tags a server adds), spans by ID with parent, name, status, decoded attributes and events,
 * without timestamps (compare those with {@link spanTimes}, which allows for float rounding of nanoseconds).
 */
export function comparable(trace: TraceJSON): unknown {
  const { trace_location: _location, tags, ...info } = trace.info;
  const keptTags = Object.fromEntries(Object.entries(tags ?? {}).filter(([k]) => !SERVER_ADDED_TAGS.includes(k)));
  const spans = [...trace.data.spans]
    .sort((a, b) => a.span_id.localeCompare(b.span_id))
    .map((s) => ({
      trace_id: s.trace_id,
      span_id: s.span_id,
      parent_span_id: s.parent_span_id ?? null,
      name: s.name,
      status: s.status,
      attributes: decodedAttributes(s.attributes),
      events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    }));
  return { info: { ...info, tags: keptTags }, spans };
}

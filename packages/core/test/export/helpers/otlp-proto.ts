import { createRequire } from "node:module";

/**
 * The official OpenTelemetry protocol definitions, as compiled by protobufjs in the OpenTelemetry JS project
 * (`@opentelemetry/otlp-transformer`'s generated root, installed under the alias `otlp-proto-definitions`; 0.216 is the last release shipping it).
 * The exporter under test encodes with its own writer, so decoding here is an independent check of the wire format.
 */
const root = createRequire(import.meta.url)("otlp-proto-definitions/build/src/generated/root.js");

/** A decoded OTLP KeyValue's value: exactly one field is set. */
export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | { toNumber(): number };
  doubleValue?: number;
  arrayValue?: { values: AnyValue[] };
  kvlistValue?: { values: { key: string; value: AnyValue }[] };
}

/** A decoded OTLP span (protobufjs message, fields in camelCase, IDs as bytes). */
export interface DecodedSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId: Uint8Array | null;
  name: string;
  kind: number;
  startTimeUnixNano: { toString(): string };
  endTimeUnixNano: { toString(): string };
  attributes: { key: string; value: AnyValue }[];
  events: { name: string; timeUnixNano: { toString(): string }; attributes: { key: string; value: AnyValue }[] }[];
  status: { code: number; message: string } | null;
}

/** A decoded `ExportTraceServiceRequest`. */
export interface DecodedExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: AnyValue }[] } | null;
    scopeSpans: { scope: { name: string; version: string } | null; spans: DecodedSpan[] }[];
  }[];
}

const requestType = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
const responseType = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** Decodes an OTLP/HTTP protobuf trace export body. */
export function decodeExportRequest(body: Uint8Array): DecodedExport {
  return requestType.decode(body) as DecodedExport;
}

/** An empty, successful `ExportTraceServiceResponse`, encoded. */
export function encodeExportResponse(): Uint8Array {
  return responseType.encode(responseType.create({})).finish();
}

/** A KeyValue list as a plain object, every value unwrapped (arrays and key-value lists too; an empty value is null). */
export function attributesOf(list: { key: string; value: AnyValue }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list) out[key] = unwrap(value);
  return out;
}

function unwrap(v: AnyValue): unknown {
  if (v.stringValue !== undefined && v.stringValue !== null) return v.stringValue;
  if (v.boolValue !== undefined && v.boolValue !== null) return v.boolValue;
  if (v.intValue !== undefined && v.intValue !== null) return typeof v.intValue === "number" ? v.intValue : v.intValue.toNumber();
  if (v.doubleValue !== undefined && v.doubleValue !== null) return v.doubleValue;
  if (v.arrayValue) return v.arrayValue.values.map(unwrap);
  if (v.kvlistValue) return attributesOf(v.kvlistValue.values);
  return null;
}

/** Bytes → lowercase hex. */
export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** All spans of a decoded export, flattened. */
export function spansOf(req: DecodedExport): DecodedSpan[] {
  return req.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
}

import type { TraceJSON } from "../../entities/trace.js";
import { toReadableSpans } from "../otlp/readable-span.js";

type Serialize = (traces: TraceJSON[]) => Uint8Array;

let loading: Promise<Serialize> | undefined;

/**
 * The encoder of an OTLP/HTTP protobuf `ExportTraceServiceRequest` body for MLflow's `/v1/traces`, loaded on first
 * use: span attributes go out as native values (MLflow JSON-encodes them itself), roots without an OTel parent,
 * exactly as MLflow's own `Span.to_otel_proto` sends them.
 */
export function loadOtlpSpanEncoder(): Promise<Serialize> {
  if (!loading) {
    loading = Promise.all([import("@opentelemetry/otlp-transformer"), import("@opentelemetry/resources")])
      .then(([{ ProtobufTraceSerializer }, { emptyResource }]) => {
        const resource = emptyResource();
        const scope = { name: "traceloom", version: "0.1.0" };
        return (traces: TraceJSON[]) => {
          const spans = traces.flatMap((t) => toReadableSpans(t, resource, scope, { nativeValues: true, otelParents: false }));
          const body = ProtobufTraceSerializer.serializeRequest(spans);
          if (!body) throw new Error("the OTLP encoder returned nothing");
          return body;
        };
      })
      .catch((err) => {
        loading = undefined;
        throw err;
      });
  }
  return loading;
}

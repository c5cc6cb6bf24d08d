import { JsonlSink } from "./jsonl/jsonl-sink.js";
import { OtlpSink } from "./otlp/otlp-sink.js";
import type { TraceSink } from "./trace-sink.js";

/**
 * Destinations the environment asks for, besides the tracking URI's:
 * - `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT` → an {@link OtlpSink} (the official exporter
 *   then reads `OTEL_EXPORTER_OTLP_*_HEADERS` / `_TIMEOUT` itself); `OTEL_TRACES_EXPORTER=none` turns it off;
 * - `TRACELOOM_JSONL_PATH` → a {@link JsonlSink} appending one trace per line to that file.
 */
export function sinksFromEnv(env: NodeJS.ProcessEnv = process.env): TraceSink[] {
  const sinks: TraceSink[] = [];
  const otlpEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (otlpEndpoint && env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() !== "none") sinks.push(new OtlpSink());
  const jsonl = env.TRACELOOM_JSONL_PATH?.trim();
  if (jsonl) sinks.push(new JsonlSink(jsonl));
  return sinks;
}

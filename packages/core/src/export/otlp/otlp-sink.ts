import type { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import type { InstrumentationScope } from "@opentelemetry/core";
import type { Resource } from "@opentelemetry/resources";
import type { TraceJSON } from "../../entities/trace.js";
import { displayUrl } from "../http/http-error.js";
import type { TraceSink } from "../trace-sink.js";
import { toReadableSpans } from "./readable-span.js";

/** Options of an {@link OtlpSink}; anything left out is read by the official exporter from `OTEL_EXPORTER_OTLP_*`. */
export interface OtlpSinkOptions {
  /** Full traces URL, e.g. `http://collector:4318/v1/traces`. Default: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. */
  url?: string;
  /** Extra request headers, or a function resolving them per request. Default: `OTEL_EXPORTER_OTLP_(TRACES_)HEADERS`. */
  headers?: Record<string, string> | (() => Promise<Record<string, string>>);
  /** Per-request timeout, ms. Default: `OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT`, else 10,000. */
  timeoutMs?: number;
  /** Name shown in logs and `exportStats()`. */
  name?: string;
}

const SCOPE: InstrumentationScope = { name: "traceloom", version: "0.1.0" };

interface Loaded {
  exporter: OTLPTraceExporter;
  resource: Resource;
}

/**
 * Sends traces to any OpenTelemetry backend over OTLP/HTTP protobuf, through the official
 * `@opentelemetry/exporter-trace-otlp-proto` (loaded on first export, so importing traceloom stays light).
 */
export class OtlpSink implements TraceSink {
  readonly name: string;
  private loaded: Promise<Loaded> | undefined;

  constructor(private readonly options: OtlpSinkOptions = {}) {
    this.name = options.name ?? `otlp:${options.url ? displayUrl(options.url) : "env"}`;
  }

  async export(traces: TraceJSON[]): Promise<void> {
    const { exporter, resource } = await this.load();
    const spans = traces.flatMap((t) => toReadableSpans(t, resource, SCOPE));
    if (spans.length === 0) return;
    await new Promise<void>((resolve, reject) => {
      exporter.export(spans, (result) => {
        if (result.code === 0) resolve();
        else reject(result.error ?? new Error(`OTLP export to ${this.name} failed`));
      });
    });
  }

  async shutdown(): Promise<void> {
    if (!this.loaded) return;
    const { exporter } = await this.loaded;
    await exporter.shutdown();
  }

  private load(): Promise<Loaded> {
    if (!this.loaded) {
      this.loaded = loadExporter(this.options).catch((err) => {
        this.loaded = undefined;
        throw err;
      });
    }
    return this.loaded;
  }
}

async function loadExporter(options: OtlpSinkOptions): Promise<Loaded> {
  const [{ OTLPTraceExporter }, resources] = await Promise.all([
    import("@opentelemetry/exporter-trace-otlp-proto"),
    import("@opentelemetry/resources"),
  ]);
  const exporter = new OTLPTraceExporter({
    ...(options.url !== undefined ? { url: options.url } : {}),
    ...(options.headers !== undefined ? { headers: options.headers } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMillis: options.timeoutMs } : {}),
  });
  const resource = resources.defaultResource().merge(resources.detectResources({ detectors: [resources.envDetector] }));
  return { exporter, resource };
}

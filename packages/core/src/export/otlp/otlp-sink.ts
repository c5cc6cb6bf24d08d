import type { Agent as HttpAgent } from "node:http";
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
    httpAgentOptions: unrefAgent,
  });
  const resource = resources.defaultResource().merge(resources.detectResources({ detectors: [resources.envDetector] }));
  return { exporter, resource };
}

/**
 * The exporter's HTTP(S) agent, with every socket unref'd: a request to a stalled collector never keeps a finished
 * program alive by itself. At exit the flush keeps the process up until the exit deadline (exit-hooks.ts), as for the
 * MLflow sink; past it, what is in flight is counted as dropped and the process ends instead of waiting out the
 * exporter's own timeout. Loaded lazily, as the exporter asks of agent factories.
 */
async function unrefAgent(protocol: string): Promise<HttpAgent> {
  const { Agent } = protocol === "https:" ? await import("node:https") : await import("node:http");
  const agent = new Agent({ keepAlive: true });
  const connect = agent.createConnection.bind(agent);
  agent.createConnection = (opts, callback) => {
    const socket = connect(opts, callback) as (ReturnType<typeof connect> & { unref?(): void }) | null | undefined;
    socket?.unref?.();
    return socket;
  };
  return agent;
}

import type { QueueOptions } from "./export/batch-queue.js";
import type { TraceSink } from "./export/trace-sink.js";
import { DEFAULT_MAX_FIELD_CHARS } from "./serialize/encode.js";
import { DEFAULT_TRACKING_URI } from "./store/tracking-uri.js";

/** Where a redaction hook is being applied. */
export interface RedactContext {
  field: "inputs" | "outputs";
  spanName: string;
  spanType: string;
}

/** Options of {@link configure}; every field is optional and falls back to the environment, then the default. */
export interface TraceloomConfig {
  /**
   * Where traces go: a SQLite file path (default `traceloom.db`), `sqlite:///relative.db`, `sqlite:////abs.db`,
   * `memory:`, or an MLflow server. Env: `TRACELOOM_TRACKING_URI`, then `MLFLOW_TRACKING_URI`.
   */
  trackingUri?: string;
  /** Experiment name (created if missing). Env: `TRACELOOM_EXPERIMENT_NAME` / `MLFLOW_EXPERIMENT_NAME`. Default "Default". */
  experimentName?: string;
  /** Experiment ID; wins over the name. Env: `MLFLOW_EXPERIMENT_ID`. */
  experimentId?: string;
  /** Fraction of traces kept, decided by trace ID (so all services agree). Env: `TRACELOOM_SAMPLING_RATIO`. Default 1. */
  samplingRatio?: number;
  /** Rewrites inputs/outputs before they are captured (e.g. mask PII). Its errors are logged; the value is then dropped. */
  redact?: (value: unknown, context: RedactContext) => unknown;
  /** Per-field cap (JSON characters) for inputs, outputs and attributes. Env: `TRACELOOM_MAX_FIELD_BYTES`. Default 1,000,000. */
  maxFieldBytes?: number;
  /** Master switch. Env: `TRACELOOM_ENABLED=false` turns tracing off. */
  enabled?: boolean;
  /** Extra destinations besides the tracking URI's store. */
  sinks?: TraceSink[];
  /** Keep only the extra `sinks`, with no local store. */
  disableLocalStore?: boolean;
  /** Queue tuning shared by every sink, including `exitTimeoutMs` (env `TRACELOOM_EXIT_TIMEOUT_MS`): how long export may delay exit. */
  queue?: Partial<QueueOptions>;
  /** Where traceloom's own warnings go (default `console.warn`). */
  logger?: (line: string) => void;
}

/** The configuration in force, every field resolved. */
export interface ResolvedConfig {
  trackingUri: string;
  experimentName: string;
  experimentId: string | undefined;
  samplingRatio: number;
  redact: TraceloomConfig["redact"];
  maxFieldChars: number;
  enabled: boolean;
  sinks: TraceSink[];
  disableLocalStore: boolean;
  queue: Partial<QueueOptions>;
}

/** An environment variable, with an empty or blank value read as unset (as compose files often leave them). */
function envString(name: string): string | undefined {
  const raw = process.env[name];
  return raw === undefined || raw.trim() === "" ? undefined : raw.trim();
}

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new TypeError(`${name}="${raw}" is not a number`);
  return n;
}

function envBool(name: string): boolean | undefined {
  const raw = process.env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return undefined;
  return !(raw === "0" || raw === "false" || raw === "no" || raw === "off");
}

/** `TRACELOOM_EXIT_TIMEOUT_MS` fills `queue.exitTimeoutMs` unless the options set it. */
function withExitTimeoutFromEnv(queue: Partial<QueueOptions>): Partial<QueueOptions> {
  if (queue.exitTimeoutMs !== undefined) return queue;
  const ms = envNumber("TRACELOOM_EXIT_TIMEOUT_MS");
  if (ms === undefined) return queue;
  if (!(ms >= 0)) throw new TypeError(`TRACELOOM_EXIT_TIMEOUT_MS must be 0 or more, got ${ms}`);
  return { ...queue, exitTimeoutMs: ms };
}

/** Resolves options against the environment and defaults; throws a TypeError for invalid values. */
export function resolveConfig(options: TraceloomConfig = {}): ResolvedConfig {
  const samplingRatio = options.samplingRatio ?? envNumber("TRACELOOM_SAMPLING_RATIO") ?? 1;
  if (!(samplingRatio >= 0 && samplingRatio <= 1)) throw new TypeError(`samplingRatio must be within [0, 1], got ${samplingRatio}`);
  const maxField = options.maxFieldBytes ?? envNumber("TRACELOOM_MAX_FIELD_BYTES") ?? DEFAULT_MAX_FIELD_CHARS;
  if (!(maxField > 0)) throw new TypeError(`maxFieldBytes must be positive, got ${maxField}`);
  return {
    trackingUri: options.trackingUri ?? envString("TRACELOOM_TRACKING_URI") ?? envString("MLFLOW_TRACKING_URI") ?? DEFAULT_TRACKING_URI,
    experimentName: options.experimentName ?? envString("TRACELOOM_EXPERIMENT_NAME") ?? envString("MLFLOW_EXPERIMENT_NAME") ?? "Default",
    experimentId: options.experimentId ?? envString("MLFLOW_EXPERIMENT_ID"),
    samplingRatio,
    redact: options.redact,
    maxFieldChars: maxField,
    enabled: options.enabled ?? envBool("TRACELOOM_ENABLED") ?? true,
    sinks: options.sinks ?? [],
    disableLocalStore: options.disableLocalStore ?? false,
    queue: withExitTimeoutFromEnv(options.queue ?? {}),
  };
}

import { resolveConfig, type ResolvedConfig, type TraceloomConfig } from "./config.js";
import { sinksFromEnv } from "./export/env-sinks.js";
import { installExitHooks } from "./export/exit-hooks.js";
import { createMlflowSink } from "./export/mlflow/mlflow-sink.js";
import { ExportPipeline } from "./export/pipeline.js";
import { StoreSink } from "./export/store-sink.js";
import type { TraceSink } from "./export/trace-sink.js";
import { logOnce } from "./log.js";
import { DEFAULT_MAX_FIELD_CHARS } from "./serialize/encode.js";
import { getState } from "./state.js";
import { finishEndedTraces } from "./tracer/tracer.js";
import { MemoryTraceStore } from "./store/memory-store.js";
import { SqliteTraceStore } from "./store/sqlite-store.js";
import { parseTrackingUri } from "./store/tracking-uri.js";
import { DEFAULT_EXPERIMENT, type TraceStore } from "./store/trace-store.js";

/** Builds the sink for a remote tracking URI (an MLflow server); registered by the export module. */
export type RemoteSinkFactory = (uri: string, config: ResolvedConfig) => TraceSink;

let remoteSinkFactory: RemoteSinkFactory | undefined;

/** Replaces how remote tracking URIs (http(s), databricks) become sinks (default: the MLflow sink). */
export function registerRemoteSinkFactory(factory: RemoteSinkFactory): void {
  remoteSinkFactory = factory;
}

/**
 * The configuration in force plus what it opened: the local store and the export pipeline. Both are created
 * lazily, on the first finished trace or the first read, so importing traceloom never touches the disk.
 */
export class Runtime {
  private storeValue: TraceStore | undefined | null = null;
  private pipelineValue: ExportPipeline | undefined;
  private experimentIdValue: string | undefined;

  constructor(readonly config: ResolvedConfig) {}

  /** The local store for this tracking URI, or undefined when traces go only to remote sinks. */
  get store(): TraceStore | undefined {
    if (this.storeValue === null) {
      const target = parseTrackingUri(this.config.trackingUri);
      this.storeValue =
        this.config.disableLocalStore || target.kind === "remote"
          ? undefined
          : target.kind === "memory"
            ? new MemoryTraceStore()
            : new SqliteTraceStore(target.path);
    }
    return this.storeValue;
  }

  get pipeline(): ExportPipeline {
    if (!this.pipelineValue) {
      const sinks: TraceSink[] = [...this.config.sinks, ...sinksFromEnv()];
      const target = parseTrackingUri(this.config.trackingUri);
      if (target.kind === "remote") {
        sinks.push((remoteSinkFactory ?? createMlflowSink)(target.uri, this.config));
      } else if (this.store) {
        sinks.unshift(new StoreSink(this.store));
      }
      this.pipelineValue = new ExportPipeline(sinks, this.config.queue);
      installExitHooks(currentPipeline, finishEndedTraces);
    }
    return this.pipelineValue;
  }

  /** The experiment traces are recorded in, resolved (and created if needed) once. */
  get experimentId(): string {
    if (this.experimentIdValue === undefined) {
      if (this.config.experimentId !== undefined) this.experimentIdValue = this.config.experimentId;
      else if (this.config.experimentName === DEFAULT_EXPERIMENT.name || !this.store) this.experimentIdValue = DEFAULT_EXPERIMENT.experimentId;
      else this.experimentIdValue = this.store.getOrCreateExperiment(this.config.experimentName);
    }
    return this.experimentIdValue;
  }

  /**
   * Installs the exit hooks (once per process) when a trace begins, not only when the first one is pushed: a first
   * trace still open at exit — its root ended with a straggler child, or ended by an `exit` listener — is written too.
   */
  watchExit(): void {
    installExitHooks(currentPipeline, finishEndedTraces);
  }

  /** True once the pipeline exists (something was traced). */
  get started(): boolean {
    return this.pipelineValue !== undefined;
  }

  async close(): Promise<void> {
    if (this.pipelineValue) await this.pipelineValue.shutdown();
    if (this.storeValue) this.storeValue.close();
  }
}

/** The runtime in force, created from the environment on first use. */
export function getRuntime(): Runtime {
  const state = getState();
  if (!state.runtime) state.runtime = new Runtime(resolveConfigOrDefaults());
  return state.runtime as Runtime;
}

/** The environment's configuration; an invalid numeric variable is reported once and replaced by its default. */
function resolveConfigOrDefaults(): ResolvedConfig {
  try {
    return resolveConfig();
  } catch (err) {
    logOnce("config-env", "ignoring an invalid TRACELOOM_* environment variable", err);
    return resolveConfig({ samplingRatio: 1, maxFieldBytes: DEFAULT_MAX_FIELD_CHARS });
  }
}

/**
 * Configures tracing for this process; call it before tracing starts, or again to switch destinations (what the
 * previous configuration still had queued is flushed to its own destinations first). Returns the resolved config.
 */
export async function configure(options: TraceloomConfig = {}): Promise<ResolvedConfig> {
  const config = resolveConfig(options);
  const state = getState();
  if (options.logger) state.logger = options.logger;
  const previous = state.runtime as Runtime | undefined;
  state.runtime = new Runtime(config);
  if (previous) await previous.close();
  return config;
}

/** Exports everything finished so far to every destination and waits for it (call it before a serverless handler returns). */
export async function flush(): Promise<void> {
  const rt = getState().runtime as Runtime | undefined;
  if (rt?.started) await rt.pipeline.flush();
}

/** Flushes and closes every destination; tracing may be configured again afterwards. */
export async function shutdown(): Promise<void> {
  const state = getState();
  const rt = state.runtime as Runtime | undefined;
  state.runtime = undefined;
  if (rt) await rt.close();
}

/** Queue counters per destination: exported, queued, dropped. */
export function exportStats() {
  const rt = getState().runtime as Runtime | undefined;
  return rt?.started ? rt.pipeline.stats() : [];
}

function currentPipeline(): ExportPipeline | undefined {
  const rt = getState().runtime as Runtime | undefined;
  return rt?.started ? rt.pipeline : undefined;
}

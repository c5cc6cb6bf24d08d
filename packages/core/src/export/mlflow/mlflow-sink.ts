import type { ResolvedConfig } from "../../config.js";
import type { TraceJSON } from "../../entities/trace.js";
import { logOnce } from "../../log.js";
import { HttpExportError } from "../http/http-error.js";
import { OtlpSink } from "../otlp/otlp-sink.js";
import type { TraceSink } from "../trace-sink.js";
import { ExperimentResolver } from "./experiment-resolver.js";
import { resolveMlflowConnection, type MlflowConnection } from "./mlflow-connection.js";
import { MlflowRestSink } from "./mlflow-rest-sink.js";

/** How traces reach an MLflow server: its REST API (default) or its OTLP endpoint. */
export type MlflowExportProtocol = "rest" | "otlp";

/** Header naming the experiment for MLflow's OTLP endpoint. */
export const MLFLOW_EXPERIMENT_HEADER = "x-mlflow-experiment-id";

/** A sink that cannot work (bad configuration): every export fails once, permanently, with the reason. */
class MisconfiguredSink implements TraceSink {
  constructor(
    readonly name: string,
    private readonly reason: string,
  ) {}

  export(_traces: TraceJSON[]): void {
    throw new HttpExportError(this.reason, undefined, false);
  }
}

function otlpToMlflow(connection: MlflowConnection, config: ResolvedConfig): TraceSink {
  const experiments = new ExperimentResolver(connection, config, 10_000);
  return new OtlpSink({
    name: `mlflow-otlp:${connection.host}`,
    url: `${connection.host}/v1/traces`,
    headers: async () => ({ ...connection.headers, [MLFLOW_EXPERIMENT_HEADER]: await experiments.experimentId() }),
  });
}

/**
 * The sink for `MLFLOW_TRACKING_URI=http(s)://…` or `databricks`: StartTraceV3 + `traces.json` upload, or — with
 * `TRACELOOM_MLFLOW_EXPORT=otlp` — OTLP to the server's `/v1/traces` with `x-mlflow-experiment-id`. The experiment
 * is `MLFLOW_EXPERIMENT_ID`, else `MLFLOW_EXPERIMENT_NAME` (created when missing), else "Default".
 */
export function createMlflowSink(uri: string, config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): TraceSink {
  let connection: MlflowConnection;
  try {
    connection = resolveMlflowConnection(uri, env);
  } catch (err) {
    return new MisconfiguredSink("mlflow", err instanceof Error ? err.message : String(err));
  }
  const protocol = (env.TRACELOOM_MLFLOW_EXPORT ?? "rest").trim().toLowerCase() as MlflowExportProtocol;
  if (protocol === "otlp") return otlpToMlflow(connection, config);
  if (protocol !== "rest") logOnce("mlflow-protocol", `TRACELOOM_MLFLOW_EXPORT="${protocol}" is unknown (rest | otlp); using rest`);
  return new MlflowRestSink(connection, config);
}

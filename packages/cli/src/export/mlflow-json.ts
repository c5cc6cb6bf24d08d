import type { Trace } from "@traceloom/core";

/**
 * Traces as MLflow trace JSON (`{ info, data: { spans } }`, loadable with `mlflow.entities.Trace.from_json`):
 * one trace as an object, or several as an array.
 */
export function toMlflowJson(traces: Trace[], asArray = traces.length !== 1): string {
  const json = traces.map((t) => t.toJSON());
  return `${JSON.stringify(asArray ? json : json[0], null, 2)}\n`;
}

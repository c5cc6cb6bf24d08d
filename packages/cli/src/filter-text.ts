/** Filters the CLI and the viewer build from a value: quoted safely for the search grammar. */

/** A filter-grammar string literal holding `value` exactly (quotes doubled, backslashes escaped). */
export function filterLiteral(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/** The filter that finds one run's traces (MLflow's `mlflow.sourceRun` metadata). */
export function runFilter(runId: string): string {
  return `metadata.\`mlflow.sourceRun\` = ${filterLiteral(runId)}`;
}

/** The filter that finds one session's traces. */
export function sessionFilter(sessionId: string): string {
  return `metadata.\`mlflow.trace.session\` = ${filterLiteral(sessionId)}`;
}

import { AsyncLocalStorage } from "node:async_hooks";
import { getState } from "../state.js";
import type { Run } from "./run.js";

type RunContext = NonNullable<ReturnType<typeof getState>["runs"]>;

/** The run bookkeeping of this process, created on first use so a program without runs pays nothing. */
function runContext(): RunContext {
  const state = getState();
  state.runs ??= { als: new AsyncLocalStorage(), started: [] };
  return state.runs;
}

/**
 * The run new traces are linked to: the innermost `withRun` scope of the current async context, else the run most
 * recently begun with `startRun` and not yet ended (process-wide, as MLflow's active run).
 */
export function activeRun(): Run | undefined {
  const runs = getState().runs;
  if (!runs) return undefined;
  return (runs.als.getStore() as Run | undefined) ?? (runs.started[runs.started.length - 1] as Run | undefined);
}

/** Runs `fn` with `run` active in its async context (and nowhere else). */
export function runInRun<T>(run: Run, fn: () => T): T {
  return runContext().als.run(run, fn);
}

/** Makes `run` active process-wide until {@link deactivateRun}. */
export function activateRun(run: Run): void {
  runContext().started.push(run);
}

/** Ends `run`'s process-wide activity (wherever it is in the stack: runs may end out of order). */
export function deactivateRun(run: Run): void {
  const started = getState().runs?.started;
  const at = started?.indexOf(run) ?? -1;
  if (at >= 0) started!.splice(at, 1);
}

import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Process-wide tracer state, kept on `globalThis` under a registered symbol so that the ESM and CJS builds of
 * this package (both may be loaded: the dual-package hazard) share one active context, one set of in-progress
 * traces and one export pipeline.
 */
export interface CoreState {
  /** Active span per async context. Typed loosely: spans from either module copy live here. */
  als: AsyncLocalStorage<unknown>;
  /** In-progress traces by OpenTelemetry trace ID. */
  traces: Map<string, unknown>;
  /** Resolved configuration and the export pipeline (owned by config.ts / export). */
  runtime: unknown;
  lastTraceId: string | undefined;
  loggedOnce: Set<string>;
  logger: ((line: string) => void) | undefined;
  /** Where a framework with a context of its own says which traceloom span is current (see registerActiveSpanSource). */
  spanSources?: Array<() => unknown>;
  /** Active runs (see runs/active-run.ts), created on the first `startRun`/`withRun` only. */
  runs?: { als: AsyncLocalStorage<unknown>; started: unknown[] };
}

const KEY = Symbol.for("traceloom.core.state.v1");

/** The one {@link CoreState} of this process. */
export function getState(): CoreState {
  const g = globalThis as unknown as Record<symbol, CoreState | undefined>;
  let state = g[KEY];
  if (!state) {
    state = {
      als: new AsyncLocalStorage(),
      traces: new Map(),
      runtime: undefined,
      lastTraceId: undefined,
      loggedOnce: new Set(),
      logger: undefined,
    };
    g[KEY] = state;
  }
  return state;
}

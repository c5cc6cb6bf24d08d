import { AsyncLocalStorage } from "node:async_hooks";

/** The run a `.stream()` call started: the root of what its stream owns. */
export interface StreamRoot {
  rootRunId?: string;
}

const KEY = Symbol.for("traceloom.langchain.streamScope");

/** One async-context slot per process, shared by the ESM and CJS copies of this package through `globalThis`. */
function scope(): AsyncLocalStorage<StreamRoot> {
  const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<StreamRoot> | undefined>;
  g[KEY] ??= new AsyncLocalStorage<StreamRoot>();
  return g[KEY];
}

/** The `.stream()` call in progress in this async context, if any. */
export function currentStreamRoot(): StreamRoot | undefined {
  return scope().getStore();
}

/** Runs `fn` (a `.stream()` call) so that the first run it starts is recorded in `root`. */
export function withStreamRoot<T>(root: StreamRoot, fn: () => T): T {
  return scope().run(root, fn);
}

/** Called for every run registered: the first run started inside a `.stream()` call is that stream's root. */
export function claimStreamRoot(runId: string): void {
  const root = scope().getStore();
  if (root && root.rootRunId === undefined) root.rootRunId = runId;
}

import { AsyncLocalStorage } from "node:async_hooks";

/**
 * An ai 6 `generateText`/`streamText`/agent call made through the wrappers of `@traceloom/ai-sdk/register`, waiting
 * for the record its telemetry listeners make. ai 6 tells those listeners nothing of a failure, so the wrapper, which
 * sees the call's rejection or `onError`, hands the error on through `fail` once the listeners claimed the link.
 */
export interface V6Link {
  fail?: (error: unknown) => void;
}

const KEY = Symbol.for("traceloom.ai-sdk.v6-links.v1");

/** One storage per process: the wrappers (loaded by the preload) and autolog() may come from different builds. */
function storage(): AsyncLocalStorage<V6Link> {
  const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<V6Link> | undefined>;
  return (g[KEY] ??= new AsyncLocalStorage<V6Link>());
}

/** Runs `fn` (the real ai 6 call) with `link` current, so the listeners ai 6 reads inside it can claim it. */
export function runLinked<T>(link: V6Link, fn: () => T): T {
  return storage().run(link, fn);
}

/**
 * The link of the wrapped call whose listeners ai 6 is reading now, if no record claimed it yet: the first
 * operation started inside a wrapped call is that call (an agent's inner call, or a call a tool makes, starts later).
 */
export function claimLink(fail: (error: unknown) => void): void {
  const link = storage().getStore();
  if (link && !link.fail) link.fail = fail;
}

import { AsyncLocalStorage } from "node:async_hooks";
import { registerActiveSpanSource, type LiveSpan } from "@traceloom/core";

/**
 * Where an ai 6 operation stands in an async context: its operation, one of its steps or one of its tool
 * executions. `parent` is the logical enclosing scope (a step's or tool's operation; an operation's caller), so a
 * scope whose span has ended still leads to the nearest live one.
 */
export interface V6Scope {
  span: LiveSpan | undefined;
  /** Set when the scope's span is still open but no longer the place for new work (a step whose reply arrived). */
  done?: boolean;
  parent: V6Scope | undefined;
  /**
   * An operation's step in progress. Model calls of one operation run one at a time, so work in the operation's own
   * context belongs to it even when ai 6 awaited an application callback before our step listener (which then
   * could not enter the step's scope).
   */
  step?: V6Scope;
}

const live = (scope: V6Scope | undefined): LiveSpan | undefined =>
  scope?.span && !scope.span.ended && !scope.done ? scope.span : undefined;

const KEY = Symbol.for("traceloom.ai-sdk.v6-context.v1");

interface V6Context {
  storage: AsyncLocalStorage<V6Scope>;
  removeSource: (() => void) | undefined;
}

/** One context per process, shared by the ESM and CJS builds of this package. */
function context(): V6Context {
  const g = globalThis as unknown as Record<symbol, V6Context | undefined>;
  return (g[KEY] ??= { storage: new AsyncLocalStorage<V6Scope>(), removeSource: undefined });
}

/** The innermost live span of the ai 6 scope current in this async context. */
export function currentV6Span(): LiveSpan | undefined {
  for (let scope = context().storage.getStore(); scope; scope = scope.parent) {
    const span = live(scope.step) ?? live(scope);
    if (span) return span;
  }
  return undefined;
}

/**
 * Makes `scope` current for the rest of the code ai 6 runs after the listener that calls this. ai 6 awaits its
 * listeners in turn, so this reaches the operation's own code only when ai 6 calls our listener before awaiting
 * anything else (no per-call `experimental_on…` callback for that event): otherwise it stays in the listener and
 * the work falls back to the enclosing scope. ai 6 does not say which of its code is running, so there is no
 * `run(fn)` to wrap; a scope that outlives its work (Node 20 hands it on to whoever awaited the operation) only
 * leads to its `parent`s once its spans end.
 */
export function enterV6Scope(scope: V6Scope): void {
  context().storage.enterWith(scope);
}

/** The ai 6 scope current in this async context, if any. */
export function currentV6Scope(): V6Scope | undefined {
  return context().storage.getStore();
}

/** Lets core (and so every traceloom plugin) see the span of the ai 6 scope as the active one. Idempotent. */
export function registerV6SpanSource(): void {
  const ctx = context();
  ctx.removeSource ??= registerActiveSpanSource(currentV6Span);
}

/** Undoes {@link registerV6SpanSource}. */
export function unregisterV6SpanSource(): void {
  const ctx = context();
  ctx.removeSource?.();
  ctx.removeSource = undefined;
}

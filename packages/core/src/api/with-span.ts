import { runWithActiveSpan } from "../context/active.js";
import { createSpan, type SpanOptions } from "../tracer/tracer.js";
import type { LiveSpan } from "../tracer/live-span.js";
import { settle } from "./settle.js";

/**
 * Runs `fn` inside a new span (a child of the active span, or a new trace) and ends the span when `fn` returns,
 * its promise settles or its stream is consumed. Exceptions are recorded and rethrown unchanged. Set outputs
 * yourself with `span.setOutputs()`.
 *
 * @example
 * ```ts
 * const docs = await withSpan({ name: "retrieve", spanType: "RETRIEVER" }, async (span) => {
 *   span.setInputs({ query });
 *   const found = await index.search(query);
 *   span.setOutputs(found);
 *   return found;
 * });
 * ```
 */
export function withSpan<T>(nameOrOptions: string | SpanOptions, fn: (span: LiveSpan) => T): T {
  const span = createSpan(typeof nameOrOptions === "string" ? { name: nameOrOptions } : nameOrOptions);
  let result: T;
  try {
    result = runWithActiveSpan(span, () => fn(span));
  } catch (err) {
    span.recordException(err);
    span.end();
    throw err;
  }
  return settle(span, result, { recordOutputs: false });
}

/**
 * Starts a span without making it active, for code that ends it itself — by `span.end()` or a `using`
 * declaration (`using span = startSpan({ name: "step" })`). Children nest under it when it is passed as
 * `parent`, or when work runs inside `withSpan`/`trace` below it.
 */
export function startSpan(options: SpanOptions | string): LiveSpan {
  return createSpan(typeof options === "string" ? { name: options } : options);
}

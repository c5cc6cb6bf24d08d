import { withActiveSpan, type LiveSpan } from "@traceloom/core";

type StepFn = (...args: unknown[]) => unknown;

/**
 * Makes each step of an (async) iterator run with `span` active, in place — the iterator keeps its identity and
 * class. Generator bodies run in the consumer's context, so this is what puts the model's raw SDK calls under `span`.
 */
export function runIteratorInSpan<T extends object>(iterator: T, span: LiveSpan): T {
  const it = iterator as Record<string, unknown>;
  for (const key of ["next", "return", "throw"]) {
    const step = it[key];
    if (typeof step !== "function") continue;
    Object.defineProperty(iterator, key, {
      value: (...args: unknown[]) => withActiveSpan(span, () => (step as StepFn).apply(iterator, args)),
      configurable: true,
      writable: true,
    });
  }
  return iterator;
}

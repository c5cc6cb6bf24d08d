import { runWithActiveSpan } from "../context/active.js";
import { SpanAttributeKey } from "../entities/span.js";
import { SpanType, type SpanTypeName } from "../entities/span-type.js";
import { logOnce } from "../log.js";
import { createSpan } from "../tracer/tracer.js";
import type { LiveSpan } from "../tracer/live-span.js";
import { argsToInputs } from "./param-names.js";
import { settle } from "./settle.js";

/** Options of {@link trace}. */
export interface TraceOptions {
  /** Span name; default the function's name. */
  name?: string;
  /** Span type (`mlflow.spanType`); default UNKNOWN, as in MLflow. */
  spanType?: SpanTypeName;
  attributes?: Record<string, unknown>;
  /** Record arguments as inputs (default true). */
  recordInputs?: boolean;
  /** Record the return value (or streamed chunks) as outputs (default true). */
  recordOutputs?: boolean;
  /** For functions returning a stream or generator: turns the chunks into the recorded outputs. */
  outputReducer?: (chunks: unknown[]) => unknown;
}

type AnyFn = (...args: any[]) => any;

function wrap<F extends AnyFn>(fn: F, options: TraceOptions, defaultName?: string): F {
  const name = options.name ?? defaultName ?? (fn.name || "anonymous");
  const recordInputs = options.recordInputs ?? true;
  const settleOptions = { recordOutputs: options.recordOutputs ?? true, outputReducer: options.outputReducer };
  const traced = function (this: unknown, ...args: unknown[]) {
    let span: LiveSpan | undefined;
    try {
      span = createSpan({ name, spanType: options.spanType ?? SpanType.UNKNOWN, attributes: options.attributes });
      span.setAttribute(SpanAttributeKey.FUNCTION_NAME, fn.name || name);
      if (recordInputs && span.isRecording) span.setInputs(argsToInputs(fn, args));
    } catch (err) {
      logOnce("trace.start", "could not start a span for a traced function", err);
    }
    if (!span) return fn.apply(this, args);
    const active = span;
    let result: unknown;
    try {
      result = runWithActiveSpan(active, () => fn.apply(this, args));
    } catch (err) {
      active.recordException(err);
      active.end();
      throw err;
    }
    return settle(active, result, settleOptions);
  };
  Object.defineProperty(traced, "name", { value: fn.name, configurable: true });
  Object.defineProperty(traced, "length", { value: fn.length, configurable: true });
  return traced as unknown as F;
}

function isMethodDecoratorContext(x: unknown): x is ClassMethodDecoratorContext {
  return typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "method";
}

/**
 * Traces a function: every call becomes a span (a child of the active span, or a new trace) recording the
 * arguments by parameter name, the result and any exception (rethrown unchanged). Works for sync and async
 * functions, generators and functions returning async iterables (the span ends when the stream is consumed,
 * fails or is abandoned).
 *
 * @example Wrapper
 * ```ts
 * const answer = trace(async (question: string) => llm(question), { name: "answer", spanType: "CHAIN" });
 * ```
 * @example Decorator (TypeScript 5 standard decorators)
 * ```ts
 * class Agent { @trace({ spanType: "AGENT" }) async run(task: string) { … } }
 * ```
 */
export function trace<F extends AnyFn>(fn: F, options?: TraceOptions): F;
/** Returns a decorator for class methods (`@trace({ … })`). */
export function trace(options?: TraceOptions): <F extends AnyFn>(method: F, context?: unknown, descriptor?: PropertyDescriptor) => any;
/** Used bare as a decorator: `@trace`. */
export function trace<F extends AnyFn>(method: F, context: ClassMethodDecoratorContext): F;
export function trace(first?: unknown, second?: unknown): unknown {
  if (typeof first === "function") {
    if (isMethodDecoratorContext(second)) return wrap(first as AnyFn, {}, String(second.name));
    return wrap(first as AnyFn, (second as TraceOptions | undefined) ?? {});
  }
  const options = (first as TraceOptions | undefined) ?? {};
  return (method: unknown, context?: unknown, descriptor?: PropertyDescriptor) => {
    if (typeof method === "function" && isMethodDecoratorContext(context)) {
      return wrap(method as AnyFn, options, String(context.name));
    }
    // Legacy `experimentalDecorators`: (prototype, propertyKey, descriptor).
    if (descriptor && typeof descriptor.value === "function") {
      descriptor.value = wrap(descriptor.value as AnyFn, options, String(context));
      return descriptor;
    }
    if (typeof method === "function") return wrap(method as AnyFn, options);
    throw new TypeError("trace() decorates functions and class methods only");
  };
}

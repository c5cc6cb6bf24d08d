import { isCoveredByFramework } from "@traceloom/core";
import { recordSafely as safely, warnOnce } from "./log.js";
import { OperationRun } from "./operation-run.js";
import { recording } from "./state.js";
import type { WrappedExport } from "./v6-export-names.js";
import { runLinked, type V6Link } from "./v6-links.js";
import { tracedEmbeddingModel, tracedLanguageModel } from "./v6-models.js";

type Obj = Record<string, any>;
type Fn = (this: unknown, options: any) => any;

const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null;

/** The model as ai 7's events name it: `{ provider, modelId }` (a model given by id only has the id). */
const modelInfo = (model: unknown) => (typeof model === "string" ? { modelId: model } : isObject(model) ? { provider: model.provider, modelId: model.modelId } : {});

/** Starts the record of an ai 6 operation ai 6 sends no telemetry event for, as ai 7's start event would. */
function startRun(operationId: string, options: Obj, value?: unknown): OperationRun | undefined {
  if (!recording() || isCoveredByFramework()) return undefined;
  const telemetry = isObject(options.experimental_telemetry) ? options.experimental_telemetry : {};
  const event = { operationId, functionId: telemetry.functionId, model: modelInfo(options.model), system: options.system, prompt: options.prompt, messages: options.messages, value };
  return OperationRun.start(event, "ai");
}

/** Ends `run` with `error`: as cancelled when the call's own abort signal stopped it, else as failed. */
function endWithError(run: OperationRun, error: unknown, signal: unknown): void {
  safely("operation", () => (signal instanceof AbortSignal && signal.aborted ? run.aborted(signal.reason) : run.failed(error)));
}

/** Ends `run` once `outcome` settles; the application gets a promise settling with the same value or error. */
function endWhenSettled<T>(run: OperationRun, outcome: PromiseLike<T>, output: (result: T) => Obj, signal: unknown): Promise<T> {
  return Promise.resolve(outcome).then(
    (result) => {
      safely("operation", () => run.finished(output(result)));
      return result;
    },
    (error: unknown) => {
      endWithError(run, error, signal);
      throw error;
    },
  );
}

/** `generateObject`, `embed` or `embedMany` traced: the operation, and a span per model call through `traceModel`. */
function tracedCall(real: Fn, operationId: string, traceModel: typeof tracedLanguageModel, valueOf: (o: Obj) => unknown, output: (result: Obj, o: Obj) => Obj): Fn {
  return function (this: unknown, options: any) {
    const run = isObject(options) ? startRun(operationId, options, valueOf(options)) : undefined;
    if (!run) return real.call(this, options);
    return endWhenSettled(run, real.call(this, { ...options, model: traceModel(options.model, run) }), (result: Obj) => output(result, options), options.abortSignal);
  };
}

/** `streamObject` traced: the operation ends with the object once the stream was read (or with its error). */
function tracedStreamObject(real: Fn): Fn {
  return function (this: unknown, options: any) {
    const run = isObject(options) ? startRun("ai.streamObject", options) : undefined;
    if (!run) return real.call(this, options);
    let result: Obj;
    try {
      result = real.call(this, { ...options, model: tracedLanguageModel(options.model, run) });
    } catch (error) {
      endWithError(run, error, options.abortSignal);
      throw error;
    }
    // The object promise settles when the stream has been consumed; handled here, so it never goes unhandled.
    safely("operation", () => void endWhenSettled(run, result.object, (object) => ({ object }), options.abortSignal).catch(() => {}));
    return result;
  };
}

/** What ai 6's streamText does with a stream error when the call gives no `onError`. */
const defaultOnError = ({ error }: { error: unknown }) => console.error(error);

/** An `onError` that hands the stream's error to the call's record, then does what the call asked. */
function failingOnError(link: V6Link, own: unknown): (event: { error: unknown }) => unknown {
  const onError = typeof own === "function" ? (own as (event: { error: unknown }) => unknown) : defaultOnError;
  return (event) => {
    safely("stream error", () => link.fail?.(event?.error));
    return onError(event);
  };
}

/** Runs an ai 6 call whose promise rejects when it fails, handing that error to the call's record. */
function linkedCall<T>(call: () => PromiseLike<T>): PromiseLike<T> {
  if (!recording()) return call();
  const link: V6Link = {};
  return Promise.resolve(runLinked(link, call)).then(undefined, (error: unknown) => {
    safely("failure", () => link.fail?.(error));
    throw error;
  });
}

/** `generateText` with its failure recorded (its tree comes from ai 6's telemetry listeners, see integration-v6.ts). */
function linkedGenerateText(real: Fn): Fn {
  return function (this: unknown, options: any) {
    return linkedCall(() => real.call(this, options));
  };
}

/** `streamText` with its stream's error recorded through the call's `onError`. */
function linkedStreamText(real: Fn): Fn {
  return function (this: unknown, options: any) {
    if (!recording() || !isObject(options)) return real.call(this, options);
    const link: V6Link = {};
    return runLinked(link, () => real.call(this, { ...options, onError: failingOnError(link, options.onError) }));
  };
}

/**
 * `ToolLoopAgent` whose `generate` and `stream` record their failure (the agent runs ai 6's own generateText and
 * streamText inside, which the wrapped exports cannot reach). Agents it constructs are the AI SDK's own class's
 * instances too (`instanceof` holds); everything else they do is inherited unchanged.
 */
function linkedAgentClass(Real: new (settings: any) => Obj): unknown {
  return class ToolLoopAgent extends Real {
    generate(options: any) {
      return linkedCall(() => super.generate(options));
    }

    stream(options: any) {
      if (!recording() || !isObject(options)) return super.stream(options);
      const link: V6Link = {};
      const own = options.onError ?? (isObject(this.settings) ? this.settings.onError : undefined);
      return runLinked(link, () => super.stream({ ...options, onError: failingOnError(link, own) }));
    }
  };
}

/** The exports of an ai 6 main module that `@traceloom/ai-sdk/register` replaces, and how. */
const WRAPPERS: Record<WrappedExport, (real: any) => unknown> = {
  generateText: linkedGenerateText,
  streamText: linkedStreamText,
  ToolLoopAgent: linkedAgentClass,
  Experimental_Agent: linkedAgentClass,
  generateObject: (real: Fn) => tracedCall(real, "ai.generateObject", tracedLanguageModel, () => undefined, (r) => ({ object: r.object })),
  embed: (real: Fn) => tracedCall(real, "ai.embed", tracedEmbeddingModel, (o) => o.value, (r, o) => ({ value: o.value, embedding: r.embedding })),
  embedMany: (real: Fn) => tracedCall(real, "ai.embedMany", tracedEmbeddingModel, (o) => o.values, (r, o) => ({ value: o.values, embeddings: r.embeddings })),
  streamObject: tracedStreamObject,
};

const cache = new WeakMap<object, Record<string, unknown>>();

/**
 * The replacements for an ai 6 main module's `generateText`, `streamText`, `ToolLoopAgent` (failures recorded) and
 * `generateObject`, `streamObject`, `embed`, `embedMany` (traced: ai 6 sends no telemetry event for them), keyed by
 * export name; an export the module lacks or that is not a function is left out. Each wrapper calls the real
 * function, untraced when `autolog()` is off, and returns its results unchanged. One set per module.
 */
export function wrapV6Exports(real: Record<string, unknown>): Record<string, unknown> {
  let wrapped = cache.get(real);
  if (wrapped) return wrapped;
  wrapped = {};
  try {
    for (const [name, wrap] of Object.entries(WRAPPERS)) if (typeof real[name] === "function") wrapped[name] = wrap(real[name]);
    // ai 6 exports one class under both names: keep them one class.
    if (real.Experimental_Agent === real.ToolLoopAgent && wrapped.ToolLoopAgent) wrapped.Experimental_Agent = wrapped.ToolLoopAgent;
  } catch (err) {
    // Then the module's exports are served as they are (the served module falls back to each real export).
    warnOnce("ai-sdk.register.wrap", "could not wrap ai 6's functions; generateObject, streamObject, embed and embedMany are not traced", err);
    wrapped = {};
  }
  cache.set(real, wrapped);
  return wrapped;
}

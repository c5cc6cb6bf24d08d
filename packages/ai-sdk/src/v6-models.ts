import { recordSafely as safely } from "./log.js";
import { assistantMessage } from "./messages.js";
import type { OperationRun } from "./operation-run.js";

type Obj = Record<string, unknown>;
type Method = (options: unknown) => PromiseLike<Obj>;

const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null;

/** ai 6's language models give the finish reason as `{ unified, raw }`; the span keeps the unified one, as on ai 7. */
const finishReasonOf = (reason: unknown): unknown => (isObject(reason) && "unified" in reason ? reason.unified : reason);

/**
 * A stand-in for `model` that the AI SDK calls instead: every other property is the model's own (read from the model
 * itself, its methods bound to it), and the methods in `traced` run through their tracing wrappers.
 */
function proxyOf(model: Obj, traced: Record<string, Method>): Obj {
  return new Proxy(model, {
    get(target, property) {
      if (typeof property === "string" && Object.hasOwn(traced, property) && typeof target[property] === "function") return traced[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * The language model of an ai 6 `generateObject`/`streamObject` call, recording a CHAT_MODEL span per model call
 * (a retry starts another), as ai 7's object step events do: the prompt sent, the reply, finish reason and tokens.
 * The provider request runs inside that span. A model given by id (a string) is passed on as it is.
 */
export function tracedLanguageModel(model: unknown, run: OperationRun): unknown {
  if (!isObject(model) || typeof model.doGenerate !== "function") return model;
  const started = (options: unknown) =>
    safely("model call", () => run.modelCallStarted({ provider: model.provider, modelId: model.modelId }, isObject(options) ? options.prompt : undefined));
  const failed = (error: unknown) => safely("model call", () => run.modelCallFailed(error));
  return proxyOf(model, {
    doGenerate: (options) => {
      started(options);
      return Promise.resolve(run.inModelCall(() => (model.doGenerate as Method).call(model, options))).then(
        (result) => {
          safely("model call", () => run.modelCallEnded({ usage: result.usage, finishReason: finishReasonOf(result.finishReason) }, assistantMessage(result.content)));
          return result;
        },
        (error: unknown) => {
          failed(error);
          throw error;
        },
      );
    },
    doStream: (options) => {
      started(options);
      return Promise.resolve(run.inModelCall(() => (model.doStream as Method).call(model, options))).then(
        (result) => (result.stream instanceof ReadableStream ? { ...result, stream: observedStream(result.stream, run) } : result),
        (error: unknown) => {
          failed(error);
          throw error;
        },
      );
    },
  });
}

/** The model's stream as the AI SDK reads it, part for part; the span ends with its text, usage and finish reason. */
function observedStream(stream: ReadableStream<unknown>, run: OperationRun): ReadableStream<unknown> {
  let text = "";
  let usage: unknown;
  let finishReason: unknown;
  return stream.pipeThrough(
    new TransformStream<unknown, unknown>({
      transform(part, controller) {
        controller.enqueue(part);
        if (!isObject(part)) return;
        if (part.type === "text-delta" && typeof part.delta === "string") text += part.delta;
        else if (part.type === "finish") ({ usage, finishReason } = part);
        else if (part.type === "error") safely("model call", () => run.modelCallFailed(part.error));
      },
      flush() {
        safely("model call", () => run.modelCallEnded({ usage, finishReason: finishReasonOf(finishReason) }, { role: "assistant", content: text }));
      },
    }),
  );
}

let embedCalls = 0;

/**
 * The embedding model of an ai 6 `embed`/`embedMany` call, recording an EMBEDDING span per model call (embedMany
 * may make several), as ai 7's embed events do: the values, the vectors and the tokens.
 */
export function tracedEmbeddingModel(model: unknown, run: OperationRun): unknown {
  if (!isObject(model) || typeof model.doEmbed !== "function") return model;
  return proxyOf(model, {
    doEmbed: (options) => {
      const embedCallId = `embed-${++embedCalls}`;
      const values = isObject(options) ? options.values : undefined;
      safely("embedding call", () => run.embeddingStarted({ provider: model.provider, modelId: model.modelId, values, embedCallId }));
      return Promise.resolve((model.doEmbed as Method).call(model, options)).then((result) => {
        safely("embedding call", () => run.embeddingEnded({ embedCallId, embeddings: result.embeddings, usage: result.usage }));
        return result;
      });
    },
  });
}

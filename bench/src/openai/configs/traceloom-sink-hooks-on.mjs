/**
 * traceloom-sink in a process where traceloom's AsyncLocalStorage is already on (another traced function ran, as in
 * an app using trace() or the LangChain/LlamaIndex plugins): Node's promise hooks then cost every promise, as they
 * do under every OpenTelemetry context manager.
 */
import { configure, flush, withSpan } from "@traceloom/core";
import { autolog } from "@traceloom/openai";

export const description = "as traceloom-sink, after one `withSpan()` has turned AsyncLocalStorage on for the process";

/**
 * @param {{ OpenAI: any, clientOptions: object }} ctx
 */
export async function setup({ OpenAI, clientOptions }) {
  const sink = { name: "counting", count: 0, export(traces) { this.count += traces.reduce((n, t) => n + t.data.spans.length, 0); } };
  await configure({ sinks: [sink], disableLocalStore: true });
  autolog();
  await withSpan("setup", () => undefined);
  const setupSpans = 1;
  return {
    client: new OpenAI(clientOptions),
    finish: async () => {
      await flush();
      return { recorded: sink.count - setupSpans };
    },
  };
}

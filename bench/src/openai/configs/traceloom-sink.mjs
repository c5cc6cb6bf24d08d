/**
 * traceloom's OpenAI autolog with a counting no-op sink and no local store: the same kind of destination the
 * OTel peers get, so only the instrumentation and the export queue are compared.
 */
import { configure, flush } from "@traceloom/core";
import { autolog } from "@traceloom/openai";

export const description = "`configure({ sinks: [countingSink], disableLocalStore: true })` + `autolog()`";

/**
 * @param {{ OpenAI: any, clientOptions: object }} ctx
 */
export async function setup({ OpenAI, clientOptions }) {
  const sink = { name: "counting", count: 0, export(traces) { this.count += traces.reduce((n, t) => n + t.data.spans.length, 0); } };
  await configure({ sinks: [sink], disableLocalStore: true });
  autolog();
  return {
    client: new OpenAI(clientOptions),
    finish: async () => {
      await flush();
      return { recorded: sink.count };
    },
  };
}

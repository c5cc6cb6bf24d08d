/**
 * traceloom's Gemini autolog with a counting no-op sink and no local store, set up exactly as the OpenAI
 * `traceloom-sink` configuration, so the two plugins' rows compare.
 */
import { configure, flush } from "@traceloom/core";
import { autolog } from "@traceloom/google-genai";

export const description = "`configure({ sinks: [countingSink], disableLocalStore: true })` + `autolog()` of @traceloom/google-genai";

/**
 * @param {{ genai: any, clientOptions: object }} ctx
 */
export async function setup({ genai, clientOptions }) {
  const sink = { name: "counting", count: 0, export(traces) { this.count += traces.reduce((n, t) => n + t.data.spans.length, 0); } };
  await configure({ sinks: [sink], disableLocalStore: true });
  autolog();
  return {
    client: new genai.GoogleGenAI(clientOptions),
    finish: async () => {
      await flush();
      return { recorded: sink.count };
    },
  };
}

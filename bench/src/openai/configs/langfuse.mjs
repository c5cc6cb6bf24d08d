/**
 * Langfuse (`langfuse` v3): `observeOpenAI(client)` with its default batching, its ingestion endpoint pointed at a
 * loopback sink the benchmark runs (LANGFUSE_SINK_URL), so its HTTP export really happens but stays on this machine.
 */
import { observeOpenAI } from "langfuse";

export const description = "`observeOpenAI(client, { clientInitParams: { baseUrl: <loopback sink>, publicKey, secretKey } })`, default flushAt/flushInterval";

/**
 * @param {{ OpenAI: any, clientOptions: object }} ctx
 */
export async function setup({ OpenAI, clientOptions }) {
  const client = observeOpenAI(new OpenAI(clientOptions), {
    clientInitParams: { baseUrl: process.env.LANGFUSE_SINK_URL, publicKey: "pk-lf-bench", secretKey: "sk-lf-bench" },
  });
  return {
    client,
    finish: async () => {
      await client.flushAsync();
      return { recorded: null };
    },
  };
}

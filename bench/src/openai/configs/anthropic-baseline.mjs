/** No tracing: the plain Anthropic client, the baseline the Anthropic configuration is compared with. */
import Anthropic from "@anthropic-ai/sdk";
import { anthropicCall } from "../workload.mjs";

export const description = "plain `@anthropic-ai/sdk` client (`messages.create`), nothing installed; baseline of anthropic-traceloom-sink";
export const isBaseline = true;

export async function setup() {
  const client = new Anthropic({ baseURL: process.env.FAKE_ANTHROPIC_URL, apiKey: "sk-ant-bench-not-a-key", maxRetries: 0 });
  return { client, call: () => anthropicCall(client), finish: async () => ({ recorded: null }) };
}

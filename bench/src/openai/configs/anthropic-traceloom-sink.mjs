/**
 * traceloom's Anthropic autolog with a counting no-op sink and no local store, as traceloom-sink is for OpenAI: its
 * overhead is taken against anthropic-baseline, measured in the same rounds.
 */
import Anthropic from "@anthropic-ai/sdk";
import { configure, flush } from "@traceloom/core";
import { autolog } from "@traceloom/anthropic";
import { anthropicCall } from "../workload.mjs";

export const description = "`configure({ sinks: [countingSink], disableLocalStore: true })` + `autolog()` of @traceloom/anthropic, `messages.create`";
export const baseline = "anthropic-baseline";

export async function setup() {
  const sink = { name: "counting", count: 0, export(traces) { this.count += traces.reduce((n, t) => n + t.data.spans.length, 0); } };
  await configure({ sinks: [sink], disableLocalStore: true });
  autolog({ anthropic: Anthropic });
  const client = new Anthropic({ baseURL: process.env.FAKE_ANTHROPIC_URL, apiKey: "sk-ant-bench-not-a-key", maxRetries: 0 });
  return {
    client,
    call: () => anthropicCall(client),
    finish: async () => {
      await flush();
      return { recorded: sink.count };
    },
  };
}

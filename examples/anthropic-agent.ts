/**
 * A Claude agent with a tool, traced with traceloom: `autolog()` from @traceloom/anthropic records every Messages
 * call (streamed here, with thinking and tool use), `trace()` the agent and its tool. Without ANTHROPIC_API_KEY it
 * talks to a local stand-in for the Anthropic API, so it runs anywhere.
 *
 *   pnpm --filter @traceloom/examples anthropic-agent      then      npx traceloom ui
 */
import { pathToFileURL } from "node:url";
import Anthropic from "@anthropic-ai/sdk";
import { flush, formatTrace, getLastTraceId, TraceClient, trace } from "@traceloom/core";
import { autolog } from "@traceloom/anthropic";
import { startFakeAnthropic, type AnthropicReply, type AnthropicRequestInfo } from "@traceloom/testkit";

const tools: Anthropic.Tool[] = [
  { name: "get_weather", description: "Current weather for a city", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
];

const getWeather = trace((city: string) => ({ city, forecast: "light rain", temperature_c: 14 }), { name: "get_weather", spanType: "TOOL" });

/** Asks Claude, streaming each turn, until it stops calling tools (at most 5 turns); one AGENT trace per question. */
export function createAgent(client: Anthropic, model = "claude-haiku-4-5") {
  return trace(
    async function weather_agent(question: string): Promise<string> {
      const messages: Anthropic.MessageParam[] = [{ role: "user", content: question }];
      for (let turn = 0; turn < 5; turn++) {
        const reply = await client.messages.stream({ model, max_tokens: 1024, system: "You are a concise travel assistant.", messages, tools }).finalMessage();
        messages.push({ role: "assistant", content: reply.content });
        const calls = reply.content.filter((block) => block.type === "tool_use");
        if (calls.length === 0) return reply.content.map((block) => (block.type === "text" ? block.text : "")).join("");
        messages.push({
          role: "user",
          content: calls.map((call) => ({ type: "tool_result", tool_use_id: call.id, content: JSON.stringify(getWeather((call.input as { city: string }).city)) })),
        });
      }
      throw new Error("no answer after 5 turns");
    },
    { spanType: "AGENT" },
  );
}

/** How the stand-in answers: it thinks, asks for the weather tool, then answers from the tool's result. */
export function standInReply({ toolResults }: AnthropicRequestInfo): AnthropicReply {
  if (toolResults.length === 0) return { thinking: "The user wants the weather; I should call get_weather.", text: "", toolUse: { name: "get_weather", input: { city: "Paris" } } };
  const { temperature_c, forecast } = JSON.parse(toolResults[0]) as { temperature_c: number; forecast: string };
  return { text: `It is ${temperature_c} °C with ${forecast} in Paris: take an umbrella.` };
}

async function main(): Promise<void> {
  autolog();
  const fake = process.env.ANTHROPIC_API_KEY ? undefined : await startFakeAnthropic({ handler: standInReply });
  const client = fake ? new Anthropic({ baseURL: fake.url, apiKey: "not-needed" }) : new Anthropic();
  process.stdout.write(`${await createAgent(client)("What's the weather in Paris?")}\n`);
  await flush();
  const recorded = await new TraceClient().getTrace(getLastTraceId() ?? "");
  if (recorded) process.stdout.write(`${formatTrace(recorded)}\n`);
  await fake?.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();

import Anthropic from "@anthropic-ai/sdk";
import { getLastTraceId, trace } from "@traceloom/core";
import { autolog } from "@traceloom/anthropic";
import { startFakeAnthropic, type AnthropicReply, type AnthropicRequestInfo } from "@traceloom/testkit";
import { getWeather } from "./weather-tool.js";

/** The question the Claude part of the demo asks. */
export const ANTHROPIC_DEMO_QUESTION = "I'm flying to Tokyo tomorrow. What's the weather there?";

const MODEL = "claude-haiku-4-5";
const TOOLS: Anthropic.Tool[] = [
  { name: "get_weather", description: "Current weather for a city", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
];

/** The stand-in Claude: it thinks and asks for the weather tool, then answers from the tool's result. */
function standInClaude({ toolResults }: AnthropicRequestInfo): AnthropicReply {
  if (toolResults.length === 0) {
    return { thinking: "The user is travelling to Tokyo; I should check the forecast first.", text: "Let me check the forecast.", toolUse: { name: "get_weather", input: { city: "Tokyo" } } };
  }
  const f = JSON.parse(toolResults[0]) as { temperature_c: number; forecast: string };
  return { text: `Tokyo will be ${f.forecast} at ${f.temperature_c} °C: pack light layers and sunglasses.`, cacheReadTokens: 12 };
}

const getWeatherTool = trace((city: string) => getWeather(city), { name: "get_weather", spanType: "TOOL" });

/**
 * The Anthropic part of the demo: a trip planner on the real `@anthropic-ai/sdk`, traced by `autolog()` from
 * @traceloom/anthropic, against a loopback stand-in for the Anthropic API. One AGENT trace: a Messages call with
 * thinking and a tool call, the tool, and a streamed answer. Returns the id of the trace it recorded.
 */
export async function runAnthropicDemo(write: (text: string) => void): Promise<string[]> {
  autolog({ anthropic: Anthropic });
  const fake = await startFakeAnthropic({ handler: standInClaude });
  try {
    const client = new Anthropic({ baseURL: fake.url, apiKey: "demo-key-not-a-secret", maxRetries: 0 });
    const planner = trace(
      async function trip_planner(question: string): Promise<string> {
        const messages: Anthropic.MessageParam[] = [{ role: "user", content: question }];
        const first = await client.messages.create({ model: MODEL, max_tokens: 1024, system: "You are a travel assistant.", messages, tools: TOOLS });
        messages.push({ role: "assistant", content: first.content });
        const results = first.content.flatMap((b) => (b.type === "tool_use" ? [{ type: "tool_result" as const, tool_use_id: b.id, content: JSON.stringify(getWeatherTool((b.input as { city: string }).city)) }] : []));
        messages.push({ role: "user", content: results });
        return client.messages.stream({ model: MODEL, max_tokens: 1024, system: "You are a travel assistant.", messages, tools: TOOLS }).finalText();
      },
      { spanType: "AGENT" },
    );
    write(`And the same with Claude, against a local stand-in for the Anthropic API (${fake.url}).\n\n`);
    const before = getLastTraceId();
    const answer = await planner(ANTHROPIC_DEMO_QUESTION);
    write(`Q: ${ANTHROPIC_DEMO_QUESTION}\nA: ${answer}\n\n`);
    const id = getLastTraceId();
    return id && id !== before ? [id] : [];
  } finally {
    await fake.close();
  }
}

import type { Reply } from "@traceloom/testkit";

interface DemoContext {
  lastUserText: string;
  toolResults: string[];
  endpoint: string;
}

function cityIn(question: string): string {
  return /\bin ([A-Z][a-z]+)/.exec(question)?.[1] ?? "Paris";
}

/**
 * How the demo's stand-in model answers: it asks for the weather tool when the question is about weather, answers
 * from the tool's result once it has one, answers from the retrieved context otherwise, and fails with a 503 when
 * asked for something too big — so the demo's traces show a tool loop, a tool error and a failed call.
 */
export function demoModel(_body: unknown, ctx: DemoContext): Reply | undefined {
  if (ctx.endpoint === "embeddings") return undefined;
  const question = ctx.lastUserText;
  if (/last \d/.test(question)) return { error: { status: 503, message: "The model is overloaded; try again later.", retryable: false } };
  if (ctx.toolResults.length > 0) {
    const result = ctx.toolResults.at(-1) ?? "";
    if (result.startsWith("Error")) return `Sorry, I could not get a forecast for ${cityIn(question)}: the weather service does not know it.`;
    const f = JSON.parse(result) as { city: string; forecast: string; temperature_c: number };
    return `It is ${f.temperature_c} °C with ${f.forecast} in ${f.city}. Pack layers and an umbrella.`;
  }
  if (/weather/i.test(question)) return { toolCalls: [{ name: "get_weather", arguments: { city: cityIn(question) } }] };
  return "Run `traceloom ui` and open the URL it prints: the viewer shows every trace, its span tree and timeline.";
}

/**
 * A tool-calling agent traced with traceloom: `autolog()` records every OpenAI call, `trace()` the agent and its
 * tool. Without OPENAI_API_KEY it talks to a local stand-in for the OpenAI API, so it runs anywhere.
 *
 *   pnpm --filter @traceloom/examples openai-agent      then      npx traceloom ui
 */
import { pathToFileURL } from "node:url";
import OpenAI from "openai";
import { flush, formatTrace, getLastTraceId, TraceClient, trace } from "@traceloom/core";
import { autolog } from "@traceloom/openai";
import { startFakeOpenAI, toolCallThenAnswer } from "@traceloom/testkit";

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  { type: "function", function: { name: "add", parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } } } },
];

const add = trace((a: number, b: number) => a + b, { name: "add", spanType: "TOOL" });

/** Asks the model until it stops calling tools (at most 5 turns); one AGENT trace per question. */
export function createAgent(client: OpenAI, model = "gpt-4o-mini") {
  return trace(
    async function math_agent(question: string): Promise<string> {
      const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: "user", content: question }];
      for (let turn = 0; turn < 5; turn++) {
        const { message } = (await client.chat.completions.create({ model, messages, tools })).choices[0];
        messages.push(message);
        if (!message.tool_calls?.length) return message.content ?? "";
        for (const call of message.tool_calls) {
          if (call.type !== "function") continue;
          const { a, b } = JSON.parse(call.function.arguments) as { a: number; b: number };
          messages.push({ role: "tool", tool_call_id: call.id, content: String(add(a, b)) });
        }
      }
      throw new Error("no answer after 5 turns");
    },
    { spanType: "AGENT" },
  );
}

async function main(): Promise<void> {
  autolog();
  const fake = process.env.OPENAI_API_KEY ? undefined : await startFakeOpenAI({ handler: toolCallThenAnswer({ name: "add", arguments: { a: 2, b: 3 } }, (r) => `2 + 3 = ${r.at(-1)}`) });
  const client = fake ? new OpenAI({ baseURL: fake.url, apiKey: "not-needed" }) : new OpenAI();
  process.stdout.write(`${await createAgent(client)("What is 2 + 3? Use the add tool.")}\n`);
  await flush();
  const recorded = await new TraceClient().getTrace(getLastTraceId() ?? "");
  if (recorded) process.stdout.write(`${formatTrace(recorded)}\n`);
  await fake?.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();

/**
 * A function-calling Gemini agent traced with traceloom: `autolog()` records every @google/genai call (here a chat
 * session), `trace()` the agent and its tool. Without GEMINI_API_KEY it talks to a local stand-in for the Gemini
 * API, so it runs anywhere.
 *
 *   pnpm --filter @traceloom/examples google-genai-agent      then      npx traceloom ui
 */
import { pathToFileURL } from "node:url";
import { GoogleGenAI, type FunctionDeclaration, type Part } from "@google/genai";
import { flush, formatTrace, getLastTraceId, TraceClient, trace } from "@traceloom/core";
import { autolog } from "@traceloom/google-genai";
import { startFakeGemini, type GeminiHandler } from "@traceloom/testkit";

const getWeather: FunctionDeclaration = {
  name: "get_weather",
  description: "Current weather of a city",
  parametersJsonSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

const weather = trace((city: string) => ({ city, sky: "clear", celsius: 4 }), { name: "get_weather", spanType: "TOOL" });

/** The stand-in's script: ask for the weather tool, then answer from its result. */
export const standInReply: GeminiHandler = (_body, ctx) => {
  const result = ctx.functionResponses[0]?.response as { output?: { sky: string; celsius: number } } | undefined;
  if (!result?.output) return { functionCalls: [{ name: "get_weather", args: { city: "Oslo" } }] };
  return `It is ${result.output.sky} and ${result.output.celsius} °C in Oslo.`;
};

/** Chats until the model stops calling functions (at most 5 turns); one AGENT trace per question. */
export function createAgent(ai: GoogleGenAI, model = "gemini-2.5-flash") {
  return trace(
    async function weather_agent(question: string): Promise<string> {
      const chat = ai.chats.create({ model, config: { tools: [{ functionDeclarations: [getWeather] }], systemInstruction: "Answer in one sentence." } });
      let message: string | Part[] = question;
      for (let turn = 0; turn < 5; turn++) {
        const response = await chat.sendMessage({ message });
        const calls = response.functionCalls ?? [];
        if (calls.length === 0) return response.text ?? "";
        message = calls.map((call) => ({
          functionResponse: { id: call.id, name: call.name, response: { output: weather(String(call.args?.city)) } },
        }));
      }
      throw new Error("no answer after 5 turns");
    },
    { spanType: "AGENT" },
  );
}

async function main(): Promise<void> {
  autolog();
  const fake = process.env.GEMINI_API_KEY ? undefined : await startFakeGemini({ handler: standInReply });
  const ai = fake ? new GoogleGenAI({ apiKey: "not-needed", httpOptions: { baseUrl: fake.url } }) : new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });
  process.stdout.write(`${await createAgent(ai)("What is the weather in Oslo?")}\n`);
  await flush();
  const recorded = await new TraceClient().getTrace(getLastTraceId() ?? "");
  if (recorded) process.stdout.write(`${formatTrace(recorded)}\n`);
  await fake?.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();

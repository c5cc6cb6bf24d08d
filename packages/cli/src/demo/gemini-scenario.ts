import { GoogleGenAI, type Part } from "@google/genai";
import { getLastTraceId, trace } from "@traceloom/core";
import { autolog } from "@traceloom/google-genai";
import { startFakeGemini, type GeminiHandler } from "@traceloom/testkit";
import { getWeather } from "./weather-tool.js";

/** The question the Gemini part of the demo asks. */
export const GEMINI_QUESTION = "Is it a good day for a walk in Tokyo?";

/** The stand-in Gemini model: asks for the weather, then answers from the forecast it is given. */
const geminiDemoModel: GeminiHandler = (_body, ctx) => {
  const forecast = ctx.functionResponses[0]?.response as { forecast?: string; temperature_c?: number } | undefined;
  if (!forecast?.forecast) return { functionCalls: [{ name: "get_weather", args: { city: "Tokyo" } }], usage: { input: 42, output: 9 } };
  return { text: `Yes: it is ${forecast.forecast} and ${forecast.temperature_c} °C in Tokyo, a good day for a walk.`, usage: { input: 61, output: 18 } };
};

const weatherTool = trace((city: string) => getWeather(city), { name: "get_weather", spanType: "TOOL" });

/**
 * The demo's Gemini scenario: a chat session of the real `@google/genai` SDK, traced by its `autolog()`, against a
 * loopback stand-in for the Gemini API; the model calls the weather function once, then answers. Returns the IDs of
 * the traces it recorded.
 */
export async function runGeminiScenario(write: (text: string) => void): Promise<string[]> {
  autolog();
  const fake = await startFakeGemini({ handler: geminiDemoModel });
  try {
    const ai = new GoogleGenAI({ apiKey: "demo-key-not-a-secret", httpOptions: { baseUrl: fake.url } });
    const planner = trace(
      async function gemini_walk_planner(question: string): Promise<string> {
        const chat = ai.chats.create({
          model: "gemini-2.5-flash",
          config: { tools: [{ functionDeclarations: [{ name: "get_weather", description: "Current weather for a city", parametersJsonSchema: { type: "object", properties: { city: { type: "string" } } } }] }] },
        });
        let message: string | Part[] = question;
        for (let turn = 0; turn < 3; turn++) {
          const response = await chat.sendMessage({ message });
          const calls = response.functionCalls ?? [];
          if (calls.length === 0) return response.text ?? "";
          message = calls.map((call) => ({ functionResponse: { name: call.name, response: { ...weatherTool(String(call.args?.city)) } } }));
        }
        throw new Error("no answer after 3 turns");
      },
      { spanType: "AGENT" },
    );
    write(`Q (Gemini, @google/genai): ${GEMINI_QUESTION}\nA: ${await planner(GEMINI_QUESTION)}\n\n`);
    const id = getLastTraceId();
    return id ? [id] : [];
  } finally {
    await fake.close();
  }
}

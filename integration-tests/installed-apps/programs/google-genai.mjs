// A Gemini app (ES module): autolog(), then an agent turn inside trace() — a chat session calling a function, a
// streamed summary — an embedding, and a call that fails. Prints what it got and the IDs of its traces.
import { GoogleGenAI } from "@google/genai";
import { flush, getLastTraceId, trace } from "@traceloom/core";
import { autolog } from "@traceloom/google-genai";

autolog();

const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY, httpOptions: { baseUrl: process.env.GEMINI_BASE_URL } });
const tools = [{ functionDeclarations: [{ name: "get_weather", parametersJsonSchema: { type: "object", properties: { city: { type: "string" } } } }] }];
const traceIds = [];

const plan = trace(
  async function plan_trip(city) {
    const chat = ai.chats.create({ model: "gemini-2.5-flash", config: { tools } });
    const call = await chat.sendMessage({ message: `What is the weather in ${city}?` });
    const fc = call.functionCalls[0];
    const answer = await chat.sendMessage({ message: [{ functionResponse: { name: fc.name, response: { sky: "clear" } } }] });
    let streamed = "";
    for await (const chunk of await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: "Summarise the trip" })) streamed += chunk.text ?? "";
    return { call: fc, answer: answer.text, streamed };
  },
  { spanType: "AGENT" },
);
const result = await plan("Oslo");
traceIds.push(getLastTraceId());

const embedded = await ai.models.embedContent({ model: "text-embedding-004", contents: ["fjords", "glaciers"] });
traceIds.push(getLastTraceId());

let error;
try {
  await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "please fail" });
} catch (err) {
  error = { class: err.constructor.name, status: err.status };
}
traceIds.push(getLastTraceId());

await flush();
process.stdout.write(JSON.stringify({ ...result, embeddings: embedded.embeddings.length, error, traceIds }));

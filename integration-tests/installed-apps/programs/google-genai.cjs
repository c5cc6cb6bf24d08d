/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS application, as users write one */
// A Gemini app (CommonJS): autolog() before requiring @google/genai, then a call, a stream read to its end and
// one left after two chunks.
require("@traceloom/google-genai").autolog();
const { GoogleGenAI } = require("@google/genai");

async function main() {
  const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY, httpOptions: { baseUrl: process.env.GEMINI_BASE_URL } });
  const reply = await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "Tell me about bears" });
  let streamed = "";
  for await (const chunk of await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: "Tell me about rivers" })) streamed += chunk.text ?? "";
  const early = [];
  for await (const chunk of await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: "one two three four five" })) {
    early.push(chunk.text);
    if (early.length === 2) break;
  }
  process.stdout.write(JSON.stringify({ reply: reply.text, streamed, early }));
}
main();

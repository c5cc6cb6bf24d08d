/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS application, as users write one */
// The same Anthropic app, in CommonJS: autolog() before the SDK is required.
require("@traceloom/anthropic").autolog();
const Anthropic = require("@anthropic-ai/sdk");

async function main() {
  const client = new Anthropic({ maxRetries: 0 });
  const ask = (content, extra = {}) => ({ model: "claude-haiku-4-5", max_tokens: 256, messages: [{ role: "user", content }], ...extra });
  const tools = [{ name: "get_weather", description: "Weather of a city", input_schema: { type: "object", properties: { city: { type: "string" } } } }];

  const reply = await client.messages.create(ask("Tell me about bears", { system: "Be brief." }));
  let streamed = "";
  for await (const event of await client.messages.create(ask("Tell me about rivers", { stream: true }))) {
    if (event.type === "content_block_delta" && event.delta.type === "text_delta") streamed += event.delta.text;
  }
  const helper = await client.messages.stream(ask("Tell me about lakes")).finalText();
  const question = ask("What's the weather in Paris?", { tools });
  const call = await client.messages.create(question);
  const toolUse = call.content.find((b) => b.type === "tool_use");
  const toolResult = { role: "user", content: [{ type: "tool_result", tool_use_id: toolUse.id, content: "14 °C, light rain" }] };
  const answer = await client.messages.create({ ...question, messages: [...question.messages, { role: "assistant", content: call.content }, toolResult] });
  const counted = await client.messages.countTokens({ model: "claude-haiku-4-5", messages: [{ role: "user", content: "count these four words" }] });

  const esmCopies = Object.keys(require.cache).filter((f) => f.includes("@anthropic-ai") && f.endsWith(".mjs"));
  process.stdout.write(JSON.stringify({ reply: reply.content[0].text, streamed, helper, tool: toolUse.input, answer: answer.content[0].text, tokens: counted.input_tokens, cjsCopies: esmCopies }));
}
main();

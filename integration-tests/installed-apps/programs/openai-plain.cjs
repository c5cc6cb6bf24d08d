/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS app, as users write one */
// The plain OpenAI app in CommonJS.
const { autolog } = require("@traceloom/openai");

autolog();

const { OpenAI } = require("openai");

async function main() {
  const client = new OpenAI({ maxRetries: 0 });
  const reply = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Tell me about bears" }] });
  let streamed = "";
  const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Tell me about rivers" }], stream: true });
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? "";
  process.stdout.write(JSON.stringify({ reply: reply.choices[0].message.content, streamed }));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

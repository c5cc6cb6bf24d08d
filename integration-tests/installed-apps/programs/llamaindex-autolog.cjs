/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS app, as users write one */
// The LlamaIndex app in CommonJS.
const { autolog: autologOpenAI } = require("@traceloom/openai");
const { autolog: autologLlamaIndex } = require("@traceloom/llamaindex");

autologOpenAI();
autologLlamaIndex();

const { OpenAI } = require("@llamaindex/openai");

async function main() {
  const llm = new OpenAI({ model: "gpt-4o-mini", maxRetries: 0 });
  const reply = await llm.chat({ messages: [{ role: "user", content: "Tell me about bears" }] });
  process.stdout.write(JSON.stringify({ reply: reply.message.content }));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

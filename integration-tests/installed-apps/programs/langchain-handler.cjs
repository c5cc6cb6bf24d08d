/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS app, as users write one */
// The explicit-handler app in CommonJS.
const { autolog } = require("@traceloom/openai");
const { TraceloomCallbackHandler } = require("@traceloom/langchain");

autolog();

const { ChatPromptTemplate } = require("@langchain/core/prompts");
const { ChatOpenAI } = require("@langchain/openai");

async function main() {
  const chain = ChatPromptTemplate.fromMessages([["human", "Tell me about {topic}"]]).pipe(new ChatOpenAI({ model: "gpt-4o-mini", maxRetries: 0 }));
  const reply = await chain.invoke({ topic: "bears" }, { callbacks: [new TraceloomCallbackHandler()] });
  process.stdout.write(JSON.stringify({ chain: reply.content }));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

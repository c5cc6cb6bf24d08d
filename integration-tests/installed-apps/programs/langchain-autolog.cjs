/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS app, as users write one */
// The same LangChain app in CommonJS: tracing set up first, then the frameworks required.
const { autolog: autologOpenAI } = require("@traceloom/openai");
const { autolog: autologLangChain } = require("@traceloom/langchain");

autologOpenAI();
autologLangChain();

const { ChatPromptTemplate } = require("@langchain/core/prompts");
const { HumanMessage } = require("@langchain/core/messages");
const { ChatOpenAI } = require("@langchain/openai");
const { END, MessagesAnnotation, START, StateGraph } = require("@langchain/langgraph");

async function main() {
  const model = new ChatOpenAI({ model: "gpt-4o-mini", maxRetries: 0 });
  const chain = ChatPromptTemplate.fromMessages([["human", "Tell me about {topic}"]]).pipe(model);
  const chained = await chain.invoke({ topic: "bears" });

  const graph = new StateGraph(MessagesAnnotation)
    .addNode("agent", async (state) => ({ messages: [await model.invoke(state.messages)] }))
    .addEdge(START, "agent")
    .addEdge("agent", END)
    .compile();
  const graphed = await graph.invoke({ messages: [new HumanMessage("hello graph")] });

  process.stdout.write(JSON.stringify({ chain: chained.content, graph: graphed.messages.at(-1).content }));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

// A LangChain app as users write it: imports first, then both autologs, then a chain and a LangGraph graph.
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { HumanMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { autolog as autologOpenAI } from "@traceloom/openai";
import { autolog as autologLangChain } from "@traceloom/langchain";

autologOpenAI();
autologLangChain();

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

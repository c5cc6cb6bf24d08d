// LangChain autolog off, OpenAI autolog on, Traceloom's callback handler passed explicitly to one call.
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { ChatOpenAI } from "@langchain/openai";
import { autolog } from "@traceloom/openai";
import { TraceloomCallbackHandler } from "@traceloom/langchain";

autolog();

const chain = ChatPromptTemplate.fromMessages([["human", "Tell me about {topic}"]]).pipe(new ChatOpenAI({ model: "gpt-4o-mini", maxRetries: 0 }));
const reply = await chain.invoke({ topic: "bears" }, { callbacks: [new TraceloomCallbackHandler()] });

process.stdout.write(JSON.stringify({ chain: reply.content }));

// A LlamaIndex app with its OpenAI provider package (and no direct dependency on openai): both autologs, one chat.
import { OpenAI } from "@llamaindex/openai";
import { autolog as autologOpenAI } from "@traceloom/openai";
import { autolog as autologLlamaIndex } from "@traceloom/llamaindex";

autologOpenAI();
autologLlamaIndex();

const llm = new OpenAI({ model: "gpt-4o-mini", maxRetries: 0 });
const reply = await llm.chat({ messages: [{ role: "user", content: "Tell me about bears" }] });

process.stdout.write(JSON.stringify({ reply: reply.message.content }));

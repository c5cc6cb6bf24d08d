// A plain OpenAI app: autolog(), then a chat completion and a streamed one.
import OpenAI from "openai";
import { autolog } from "@traceloom/openai";

autolog();

const client = new OpenAI({ maxRetries: 0 });
const reply = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Tell me about bears" }] });
let streamed = "";
const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Tell me about rivers" }], stream: true });
for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? "";

process.stdout.write(JSON.stringify({ reply: reply.choices[0].message.content, streamed }));

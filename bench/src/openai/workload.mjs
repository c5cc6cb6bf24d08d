/** The call every configuration makes: a short, non-streaming chat completion (what most agents do per step). */
export const chatRequest = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "You are a helpful assistant. Answer in one sentence." },
    { role: "user", content: "What is the weather in Paris today?" },
  ],
  temperature: 0,
};

/** The same request to the Anthropic Messages API (the system prompt is a field of its own there). */
const messagesRequest = {
  model: "claude-haiku-4-5",
  max_tokens: 256,
  system: chatRequest.messages[0].content,
  messages: [chatRequest.messages[1]],
  temperature: 0,
};

/** One Anthropic call of the workload; resolves to the reply's text. */
export async function anthropicCall(client) {
  const message = await client.messages.create(messagesRequest);
  return message.content[0]?.text;
}

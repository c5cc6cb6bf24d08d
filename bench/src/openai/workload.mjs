/** The call every configuration makes: a short, non-streaming chat completion (what most agents do per step). */
export const chatRequest = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "You are a helpful assistant. Answer in one sentence." },
    { role: "user", content: "What is the weather in Paris today?" },
  ],
  temperature: 0,
};

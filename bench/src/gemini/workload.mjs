/** The call every Gemini configuration makes: a short, non-streaming generateContent (what most agents do per step). */
export const generateRequest = {
  model: "gemini-2.5-flash",
  contents: "What is the weather in Paris today?",
  config: { systemInstruction: "You are a helpful assistant. Answer in one sentence.", temperature: 0 },
};

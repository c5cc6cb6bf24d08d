/** No tracing: the plain `@google/genai` client, the baseline of the Gemini rows. */
export const description = "plain `@google/genai` client, nothing installed";

/**
 * @param {{ genai: any, clientOptions: object }} ctx
 */
export async function setup({ genai, clientOptions }) {
  return { client: new genai.GoogleGenAI(clientOptions), finish: async () => ({ recorded: null }) };
}

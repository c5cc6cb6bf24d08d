/** No tracing: the plain `openai` client, the baseline every other configuration is compared with. */
export const description = "plain `openai` client, nothing installed";

/**
 * @param {{ OpenAI: any, clientOptions: object }} ctx
 */
export async function setup({ OpenAI, clientOptions }) {
  return { client: new OpenAI(clientOptions), finish: async () => ({ recorded: null }) };
}

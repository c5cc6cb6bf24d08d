import { promptTexts, summariseChat, summariseResponsesInput, type ConversationSummary } from "./conversation.js";
import { countWords } from "./text.js";
import type { Endpoint } from "./types.js";

/** A request rejected the way OpenAI rejects it (400). */
export interface Invalid {
  message: string;
  param: string | null;
}

/** Check the parameters OpenAI requires for `endpoint`; `undefined` when the body is acceptable. */
export function validate(endpoint: Endpoint, body: any): Invalid | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return { message: "We could not parse the JSON body of your request.", param: null };
  }
  if (typeof body.model !== "string" || body.model === "") {
    return { message: "you must provide a model parameter", param: "model" };
  }
  if (endpoint === "chat" && (!Array.isArray(body.messages) || body.messages.length === 0)) {
    return { message: "Missing required parameter: 'messages'.", param: "messages" };
  }
  if (endpoint === "completions" && body.prompt === undefined) {
    return { message: "Missing required parameter: 'prompt'.", param: "prompt" };
  }
  if (endpoint === "embeddings" && promptTexts(body.input).length === 0) {
    return { message: "'input' must be a non-empty string or array.", param: "input" };
  }
  return undefined;
}

/** Summarise the conversation of a valid request of any scripted endpoint. */
export function summarise(endpoint: Endpoint, body: any): ConversationSummary {
  switch (endpoint) {
    case "chat":
      return summariseChat(body.messages);
    case "responses":
      return summariseResponsesInput(body.input, body.instructions);
    case "completions":
    case "embeddings": {
      const texts = promptTexts(endpoint === "completions" ? body.prompt : body.input);
      return {
        lastUserText: endpoint === "completions" ? texts.join("\n") : (texts[0] ?? ""),
        toolResults: [],
        endsWithToolResult: false,
        inputTokens: texts.reduce((sum, text) => sum + countWords(text), 0),
      };
    }
  }
}

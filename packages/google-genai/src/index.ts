/**
 * @traceloom/google-genai — `autolog()` for the Google Gen AI SDK (`@google/genai` 1 to 3): every Gemini call
 * becomes an MLflow-style span, and nothing changes for the caller.
 * @packageDocumentation
 */
export { autolog, type GoogleGenAIAutologOptions } from "./autolog.js";
export { tracedGoogleGenAI } from "./traced-client.js";

export { startFakeGemini } from "./server.js";
export type {
  FakeGemini,
  FakeGeminiOptions,
  GeminiContext,
  GeminiErrorReply,
  GeminiFunctionCallSpec,
  GeminiHandler,
  GeminiMessageReply,
  GeminiMethod,
  GeminiRecordedRequest,
  GeminiReply,
} from "./types.js";

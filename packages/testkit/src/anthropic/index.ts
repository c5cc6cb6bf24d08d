export { startFakeAnthropic } from "./server.js";
export type {
  AnthropicErrorReply,
  AnthropicHandler,
  AnthropicMessageReply,
  AnthropicRecordedRequest,
  AnthropicReply,
  AnthropicRequestInfo,
  FakeAnthropic,
} from "./types.js";

/** One scripted reply of the fake Anthropic server: a message, or an API error. */
export type AnthropicReply = AnthropicMessageReply | AnthropicErrorReply;

/** A message the fake answers with; its content blocks are in this order: thinking, text, tool_use. */
export interface AnthropicMessageReply {
  /** The answer's text (default: "Echo: " + the last user text). */
  text?: string;
  /** A thinking block before the text (its signature is made up). */
  thinking?: string;
  /** A tool call after the text. */
  toolUse?: { name: string; input: Record<string, unknown>; id?: string };
  /** Default: "tool_use" with a tool call, else "end_turn". */
  stopReason?: string;
  /** Cache reads and writes to report in `usage`. */
  cacheReadTokens?: number;
  cacheCreationTokens?: number;
  /** Streaming only: stop sending after this many events (the connection then stays open until closed). */
  stallAfterEvents?: number;
  /** Streaming only: wait this long between events. */
  eventDelayMs?: number;
}

/** An API error: the HTTP status and Anthropic's error `type` (e.g. 429 "rate_limit_error"). */
export interface AnthropicErrorReply {
  error: { status: number; type: string; message: string };
}

/** What a handler is told about a request. */
export interface AnthropicRequestInfo {
  body: any;
  lastUserText: string;
  /** The request ends with tool_result blocks (the model is being told a tool's output). */
  hasToolResult: boolean;
  /** The text of those tool_result blocks, in order. */
  toolResults: string[];
}

/** Decides the reply to a request when no scripted reply is queued. */
export type AnthropicHandler = (info: AnthropicRequestInfo) => AnthropicReply | undefined;

/** A request the fake received. */
export interface AnthropicRecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A running fake Anthropic server. */
export interface FakeAnthropic {
  /** Base URL for the SDK's `baseURL` (or `ANTHROPIC_BASE_URL`), without `/v1`. */
  url: string;
  requests: AnthropicRecordedRequest[];
  /** Queues replies, used in order before the handler. */
  script(...replies: AnthropicReply[]): void;
  setHandler(handler: AnthropicHandler | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

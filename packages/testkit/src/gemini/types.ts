import type { IncomingHttpHeaders } from "node:http";
import type { DeliveryOptions } from "../types.js";

/** The Gemini API methods the fake server answers. */
export type GeminiMethod = "generateContent" | "streamGenerateContent" | "embedContent" | "batchEmbedContents";

/** One HTTP request as the fake Gemini server received it. */
export interface GeminiRecordedRequest {
  method: string;
  /** URL path without the query string (`"/v1beta/models/gemini-2.5-flash:generateContent"`). */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The JSON-parsed body. */
  body: any;
  /** The model named in the path (`"gemini-2.5-flash"`), when the path names one. */
  model?: string;
  geminiMethod?: GeminiMethod;
}

/** A function call the fake model asks for (a `functionCall` part). */
export interface GeminiFunctionCallSpec {
  name: string;
  args?: Record<string, unknown>;
  /** Sent as `functionCall.id` when given (the Gemini API omits it by default). */
  id?: string;
}

/** A successful answer: text and/or function calls. */
export interface GeminiMessageReply extends DeliveryOptions {
  text?: string;
  functionCalls?: GeminiFunctionCallSpec[];
  /** `candidates[0].finishReason`; `"STOP"` by default (Gemini reports function calls with STOP too). */
  finishReason?: string;
  /** Token counts; missing ones are computed from words. `thoughts` adds `thoughtsTokenCount`. */
  usage?: { input?: number; output?: number; thoughts?: number };
}

/** An error answer in Gemini's shape (`{error: {code, message, status}}`). */
export interface GeminiErrorReply extends DeliveryOptions {
  error: { code: number; message?: string; status?: string };
}

/** What a script or handler answers: text, a message, an error; `undefined` echoes the last user text. */
export type GeminiReply = string | GeminiMessageReply | GeminiErrorReply;

/** What a handler knows about the request it answers. */
export interface GeminiContext {
  method: GeminiMethod;
  model: string;
  request: GeminiRecordedRequest;
  callIndex: number;
  /** Text parts of the last `user` content. */
  lastUserText: string;
  /** `functionResponse` parts of the last content (the tool results the model is given). */
  functionResponses: Array<{ name: string; response: unknown }>;
}

/** Decides the reply to one generate request. */
export type GeminiHandler = (body: any, ctx: GeminiContext) => GeminiReply | undefined | Promise<GeminiReply | undefined>;

/** Options of {@link startFakeGemini}. */
export interface FakeGeminiOptions {
  handler?: GeminiHandler;
  /** Require this key (`x-goog-api-key` header or `key` query parameter); any non-empty key otherwise. */
  apiKey?: string;
  /** Length of the embedding vectors (default 8). */
  embeddingDimensions?: number;
}

/** A running fake Gemini server. */
export interface FakeGemini {
  /** Base URL for the SDKs (`httpOptions.baseUrl` of `@google/genai`, `baseUrl` of `@google/generative-ai`). */
  url: string;
  port: number;
  requests: GeminiRecordedRequest[];
  /** Queue replies for the next generate requests (in arrival order), before the handler. */
  script(...replies: GeminiReply[]): void;
  setHandler(handler: GeminiHandler | undefined): void;
  /** Forget queued replies, recorded requests and the call counter. */
  reset(): void;
  close(): Promise<void>;
}

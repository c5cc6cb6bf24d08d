import type { IncomingHttpHeaders } from "node:http";

/** The OpenAI endpoints the fake server can be scripted for. */
export type Endpoint = "chat" | "completions" | "responses" | "embeddings";

/** One HTTP request as the fake server received it. */
export interface RecordedRequest {
  /** HTTP method, upper case (`"POST"`). */
  method: string;
  /** URL path without the query string (`"/v1/chat/completions"`). */
  path: string;
  /** The query string parameters. */
  query: Record<string, string>;
  /** Request headers, names lower-cased as Node delivers them. */
  headers: IncomingHttpHeaders;
  /** The JSON-parsed body; the raw text when it is not JSON; `undefined` when empty. */
  body: any;
  /** Which scripted endpoint served it, or `undefined` (models, unknown routes). */
  endpoint?: Endpoint;
  /** `Date.now()` when the body had been read. */
  receivedAt: number;
}

/** A tool call the fake model "decides" to make. */
export interface ToolCallSpec {
  /** Tool (function) name. */
  name: string;
  /** Arguments: a JSON string sent verbatim, or a value that is `JSON.stringify`-ed. */
  arguments?: string | Record<string, unknown> | unknown[];
  /** Call id; defaults to a deterministic `call_<n>`. */
  id?: string;
}

/** How a reply is cut short, to test aborts and network failures. */
export interface Interruption {
  /**
   * `"stall"`: stop sending and keep the connection open (until the client aborts or the server closes).
   * `"break"`: destroy the socket (the client sees a network error).
   */
  mode: "stall" | "break";
  /**
   * For streaming replies: the number of SSE events written before the interruption (default 0).
   * For non-streaming replies the interruption happens before any byte is written.
   */
  after?: number;
}

/** Token usage override; missing fields are computed (words of input and output). */
export interface UsageOverride {
  /** Input tokens (`prompt_tokens` / `input_tokens`). */
  input?: number;
  /** Output tokens (`completion_tokens` / `output_tokens`). */
  output?: number;
}

/** Fields that shape how any reply is delivered. */
export interface DeliveryOptions {
  /** Wait this long before answering (before the response headers). */
  delayMs?: number;
  /** For streaming replies: wait this long between SSE events. */
  chunkDelayMs?: number;
  /** Stall or break the reply instead of finishing it. */
  interrupt?: Interruption;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** A successful model answer (text and/or tool calls). */
export interface MessageReply extends DeliveryOptions {
  /** Assistant text. Omitted with `toolCalls` → `content: null`. */
  text?: string;
  /** Tool calls; `finish_reason` becomes `"tool_calls"` unless `finishReason` says otherwise. */
  toolCalls?: ToolCallSpec[];
  /** Override `finish_reason` (`"stop"`, `"length"`, `"content_filter"`, …). */
  finishReason?: string;
  /** Override the usage numbers. */
  usage?: UsageOverride;
  /** For embeddings: vectors to return instead of the hashed ones (one per input). */
  embeddings?: number[][];
}

/** An HTTP error answer, shaped like OpenAI's `{ error: { message, type, param, code } }`. */
export interface ErrorReply extends DeliveryOptions {
  /** The error to answer with. */
  error: {
    /** HTTP status (400, 401, 403, 404, 429, 500, 503, …). */
    status: number;
    /** Error message; a default per status otherwise. */
    message?: string;
    /** OpenAI error type; a default per status otherwise. */
    type?: string;
    /** OpenAI error code (`"rate_limit_exceeded"`); a default per status otherwise. */
    code?: string | null;
    /** The offending parameter, if any. */
    param?: string | null;
    /**
     * Sets the `x-should-retry` header the OpenAI SDK obeys: `false` stops its automatic retries of 429/5xx,
     * `true` forces them. Unset → no header (the SDK's default policy applies).
     */
    retryable?: boolean;
  };
}

/** What a handler or script entry may answer: plain text, a message, or an error. */
export type Reply = string | MessageReply | ErrorReply;

/** What the handler learns about a request besides its body. */
export interface ScriptContext {
  /** Which endpoint is being served. */
  endpoint: Endpoint;
  /** The recorded request (also pushed to `fake.requests`). */
  request: RecordedRequest;
  /** 0-based index of this call among all scripted calls since start/reset. */
  callIndex: number;
  /** `model` from the request body (`""` when absent). */
  model: string;
  /** Text of the last user message (chat, responses), the prompt (completions) or the first input (embeddings). */
  lastUserText: string;
  /** Contents of tool results in the conversation (`role: "tool"` messages, `function_call_output` items). */
  toolResults: string[];
  /** True when the conversation ends with tool results, i.e. the model is being asked to continue after tools. */
  hasToolResult: boolean;
}

/**
 * Decides the reply for one request. Return `undefined` to fall back to the default
 * (echo for text endpoints, hashed vectors for embeddings).
 */
export type Handler = (body: any, ctx: ScriptContext) => Reply | undefined | Promise<Reply | undefined>;

/** Options of {@link startFakeOpenAI}. */
export interface FakeOpenAIOptions {
  /** Port to bind on 127.0.0.1; default 0 (a free port). */
  port?: number;
  /** Dimension of the default embedding vectors (the request's `dimensions` wins); default 8. */
  embeddingDimensions?: number;
  /** Initial handler (see {@link FakeOpenAI.setHandler}). */
  handler?: Handler;
  /** Model ids listed by `GET /v1/models`. */
  models?: string[];
  /** When set, requests whose `Authorization` is not `Bearer <apiKey>` get a 401 like OpenAI's. */
  apiKey?: string;
  /** Clock for `created` timestamps, in milliseconds; default `Date.now`. */
  now?: () => number;
  /** Largest accepted request body in bytes; default 32 MiB. */
  maxBodyBytes?: number;
}

/** A running fake OpenAI server. */
export interface FakeOpenAI {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:53121/v1` — pass it as the SDK's `baseURL`. */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
  /** Every request received since start/reset, in arrival order (a live array). */
  readonly requests: RecordedRequest[];
  /** Replace the handler used when the script queue is empty; `undefined` selects the default echo. */
  setHandler(handler: Handler | undefined): void;
  /**
   * Queue replies consumed in order by the text endpoints (chat, completions, responses) before the handler is
   * asked. Embeddings requests never consume the queue.
   */
  script(...replies: Reply[]): void;
  /** Number of queued replies not consumed yet. */
  readonly pending: number;
  /** Clear the queue, recorded requests and id counters; restore the handler given in the options. */
  reset(): void;
  /** Stop: clear every timer, destroy open sockets, close the listener. Idempotent. */
  close(): Promise<void>;
}

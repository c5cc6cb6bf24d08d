import type { IdSource } from "./ids.js";
import type {
  DeliveryOptions,
  ErrorReply,
  Handler,
  MessageReply,
  Reply,
  ScriptContext,
  ToolCallSpec,
  UsageOverride,
} from "./types.js";

/** A tool call with its id and arguments resolved. */
export interface ResolvedToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A reply ready for an endpoint to render. */
export type ResolvedReply =
  | {
      kind: "message";
      /** `null` when the reply has only tool calls. */
      text: string | null;
      toolCalls: ResolvedToolCall[];
      finishReason: string;
      usage: UsageOverride;
      embeddings?: number[][];
      delivery: DeliveryOptions;
    }
  | { kind: "error"; error: ErrorReply["error"]; delivery: DeliveryOptions };

/** True when `reply` is an {@link ErrorReply}. */
export function isErrorReply(reply: unknown): reply is ErrorReply {
  return (
    typeof reply === "object" &&
    reply !== null &&
    "error" in reply &&
    typeof (reply as ErrorReply).error === "object" &&
    typeof (reply as ErrorReply).error?.status === "number"
  );
}

function deliveryOf(reply: DeliveryOptions): DeliveryOptions {
  const { delayMs, chunkDelayMs, interrupt, headers } = reply;
  return { delayMs, chunkDelayMs, interrupt, headers };
}

function resolveToolCall(spec: ToolCallSpec, ids: IdSource): ResolvedToolCall {
  if (!spec || typeof spec.name !== "string") throw new TypeError("A tool call needs a string `name`");
  const args = spec.arguments ?? {};
  return {
    id: spec.id ?? ids.next("call_"),
    name: spec.name,
    arguments: typeof args === "string" ? args : JSON.stringify(args),
  };
}

/** The default answer: `"Echo: <last user text>"`. */
export function echoText(ctx: Pick<ScriptContext, "lastUserText">): string {
  return `Echo: ${ctx.lastUserText}`;
}

/** Turn whatever a script/handler produced into a {@link ResolvedReply}; `undefined`/`null` → echo. */
export function resolveReply(reply: Reply | undefined | null, ctx: ScriptContext, ids: IdSource): ResolvedReply {
  if (reply === undefined || reply === null) reply = echoText(ctx);
  if (typeof reply === "string") {
    return { kind: "message", text: reply, toolCalls: [], finishReason: "stop", usage: {}, delivery: {} };
  }
  if (typeof reply !== "object") throw new TypeError(`Unsupported reply: ${String(reply)}`);
  if (isErrorReply(reply)) return { kind: "error", error: reply.error, delivery: deliveryOf(reply) };
  const message = reply as MessageReply;
  const toolCalls = (message.toolCalls ?? []).map((spec) => resolveToolCall(spec, ids));
  const text = message.text ?? (toolCalls.length > 0 ? null : message.embeddings ? "" : echoText(ctx));
  return {
    kind: "message",
    text,
    toolCalls,
    finishReason: message.finishReason ?? (toolCalls.length > 0 ? "tool_calls" : "stop"),
    usage: message.usage ?? {},
    embeddings: message.embeddings,
    delivery: deliveryOf(message),
  };
}

/** FIFO of scripted replies in front of a handler. */
export class Script {
  private readonly queue: Reply[] = [];
  private handler: Handler | undefined;

  constructor(private readonly initialHandler?: Handler) {
    this.handler = initialHandler;
  }

  /** Number of queued replies. */
  get pending(): number {
    return this.queue.length;
  }

  /** Append replies to the queue. */
  enqueue(replies: Reply[]): void {
    this.queue.push(...replies);
  }

  /** Replace the fallback handler. */
  setHandler(handler: Handler | undefined): void {
    this.handler = handler;
  }

  /** Forget the queue and restore the handler given at construction. */
  clear(): void {
    this.queue.length = 0;
    this.handler = this.initialHandler;
  }

  /**
   * Take the reply for one request. The queue is consulted synchronously (so replies follow arrival order)
   * and only by text endpoints; otherwise the handler decides.
   */
  take(body: unknown, ctx: ScriptContext): Reply | undefined | Promise<Reply | undefined> {
    if (ctx.endpoint !== "embeddings" && this.queue.length > 0) return this.queue.shift();
    return this.handler?.(body, ctx);
  }
}

/** A matcher for {@link replyByMatch}: substring or RegExp of the last user text, or a predicate. */
export type Matcher = string | RegExp | ((body: any, ctx: ScriptContext) => boolean);

/** A reply or a function computing one. */
export type ReplySource = Reply | ((body: any, ctx: ScriptContext) => Reply | undefined | Promise<Reply | undefined>);

function matches(matcher: Matcher, body: unknown, ctx: ScriptContext): boolean {
  if (typeof matcher === "string") return ctx.lastUserText.includes(matcher);
  if (matcher instanceof RegExp) {
    matcher.lastIndex = 0;
    return matcher.test(ctx.lastUserText);
  }
  return matcher(body, ctx);
}

function produce(source: ReplySource, body: unknown, ctx: ScriptContext) {
  return typeof source === "function" ? source(body, ctx) : source;
}

/**
 * Build a handler from `[matcher, reply]` rules; the first matching rule answers, `fallback` (or the default
 * echo) otherwise.
 * @example
 * fake.setHandler(replyByMatch([[/weather/i, "It is sunny"], ["fail", { error: { status: 500 } }]]));
 */
export function replyByMatch(rules: Array<[Matcher, ReplySource]>, fallback?: ReplySource): Handler {
  return (body, ctx) => {
    for (const [matcher, source] of rules) {
      if (matches(matcher, body, ctx)) return produce(source, body, ctx);
    }
    return fallback === undefined ? undefined : produce(fallback, body, ctx);
  };
}

/**
 * The handler of a one-tool agent loop: while the conversation does not end with a tool result, answer with
 * `call`; once it does, answer with `answer` (text, a reply, or a function of the tool results).
 * Embeddings requests get the default vectors.
 * @example
 * fake.setHandler(toolCallThenAnswer({ name: "add", arguments: { a: 2, b: 3 } }, (r) => `The sum is ${r.at(-1)}`));
 */
export function toolCallThenAnswer(
  call: ToolCallSpec | ToolCallSpec[],
  answer: Reply | ((toolResults: string[], ctx: ScriptContext) => Reply),
): Handler {
  const calls = Array.isArray(call) ? call : [call];
  return (_body, ctx) => {
    if (ctx.endpoint === "embeddings") return undefined;
    if (!ctx.hasToolResult) return { toolCalls: calls };
    return typeof answer === "function" ? answer(ctx.toolResults, ctx) : answer;
  };
}

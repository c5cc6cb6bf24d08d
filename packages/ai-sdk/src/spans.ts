import { SpanAttributeKey, SpanType, startSpan, type LiveSpan, type SpanTypeName } from "@traceloom/core";
import { warnOnce } from "./log.js";

/** What a span of an AI SDK operation starts with. */
export interface StartOptions {
  name: string;
  spanType: SpanTypeName;
  parent?: LiveSpan;
  inputs?: unknown;
  attributes?: Record<string, unknown>;
  /** Chat messages in the OpenAI shape: the viewer shows them as a conversation. */
  chat?: boolean;
}

/** Starts a span, or returns undefined (once logged) when tracing fails: the AI SDK call goes on untraced. */
export function openSpan(options: StartOptions): LiveSpan | undefined {
  try {
    const attributes = { ...options.attributes };
    if (options.chat) attributes[SpanAttributeKey.MESSAGE_FORMAT] = "openai";
    return startSpan({ name: options.name, spanType: options.spanType, parent: options.parent, inputs: options.inputs, attributes });
  } catch (err) {
    warnOnce("ai-sdk.startSpan", "could not start a span for an AI SDK operation; it goes on untraced", err);
    return undefined;
  }
}

/** Ends a span as stopped early: a `cancelled` event, status OK (nothing failed). */
export function endCancelled(span: LiveSpan | undefined, reason: string): void {
  if (!span || span.ended) return;
  span.addEvent("cancelled", { reason });
  span.end();
}

/** Ends a span with the error that stopped it. */
export function endFailed(span: LiveSpan | undefined, error: unknown): void {
  if (!span || span.ended) return;
  span.recordException(error);
  span.end();
}

export { SpanType };

import { SpanAttributeKey } from "@traceloom/core";
import type { CallKind } from "./targets.js";

/** Request fields that carry content rather than settings; left out of `invocation_params`. */
const CONTENT_FIELDS = new Set(["messages", "input", "prompt", "instructions", "tools", "functions"]);

type Body = Record<string, unknown>;

function isRecord(v: unknown): v is Body {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A Responses-API function tool (`{type, name, parameters}`) in the Chat Completions shape MLflow shows. */
function toChatTool(tool: unknown): unknown {
  if (!isRecord(tool) || tool.type !== "function" || "function" in tool) return tool;
  const { type, ...fn } = tool;
  return { type, function: fn };
}

/**
 * Span attributes known before the call: `model`, `invocation_params` (every setting, no content),
 * `mlflow.chat.tools` and `mlflow.message.format`. The request body holds no credentials: the API key and
 * headers live in the client and the per-request options, which are never read.
 */
export function requestAttributes(kind: CallKind, body: unknown): Record<string, unknown> {
  const attrs: Record<string, unknown> = { [SpanAttributeKey.MESSAGE_FORMAT]: "openai" };
  if (!isRecord(body)) return attrs;
  if (typeof body.model === "string") attrs.model = body.model;
  const params: Body = {};
  for (const k of Object.keys(body)) if (!CONTENT_FIELDS.has(k)) params[k] = body[k];
  attrs.invocation_params = params;
  const tools = Array.isArray(body.tools) ? body.tools : Array.isArray(body.functions) ? body.functions : undefined;
  if (tools && tools.length > 0 && kind !== "embedding") attrs["mlflow.chat.tools"] = tools.map(toChatTool);
  return attrs;
}

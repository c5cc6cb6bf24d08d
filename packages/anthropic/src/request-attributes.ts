import { SpanAttributeKey } from "@traceloom/core";

/** Request fields that carry content rather than settings; left out of `invocation_params`. */
const CONTENT_FIELDS = new Set(["messages", "system", "tools"]);

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** An Anthropic tool (`{name, description, input_schema}`) in the function-tool shape MLflow shows; others as they are. */
function toChatTool(tool: unknown): unknown {
  if (!isObj(tool) || typeof tool.name !== "string" || !("input_schema" in tool)) return tool;
  return { type: "function", function: { name: tool.name, description: tool.description, parameters: tool.input_schema } };
}

/**
 * Span attributes known before the call: `model`, `invocation_params` (every setting, no content),
 * `mlflow.chat.tools` and `mlflow.message.format`. The body holds no credentials: the API key and headers live
 * in the client and the per-request options, which are never read.
 */
export function requestAttributes(body: unknown): Record<string, unknown> {
  const attrs: Record<string, unknown> = { [SpanAttributeKey.MESSAGE_FORMAT]: "anthropic" };
  if (!isObj(body)) return attrs;
  if (typeof body.model === "string") attrs.model = body.model;
  const params: Obj = {};
  for (const k of Object.keys(body)) if (!CONTENT_FIELDS.has(k)) params[k] = body[k];
  attrs.invocation_params = params;
  if (Array.isArray(body.tools) && body.tools.length > 0) attrs["mlflow.chat.tools"] = body.tools.map(toChatTool);
  return attrs;
}

import { SpanAttributeKey } from "@traceloom/core";
import type { CallKind } from "./targets.js";
import { MESSAGE_FORMAT } from "./targets.js";

type Body = Record<string, unknown>;

const isRecord = (v: unknown): v is Body => typeof v === "object" && v !== null && !Array.isArray(v);

/** Request fields that carry content rather than settings; left out of `invocation_params`. */
const CONTENT_FIELDS = new Set(["contents", "systemInstruction", "tools", "content", "requests"]);

/** The model a REST path names: `"models/gemini-2.5-flash:generateContent"` → `"gemini-2.5-flash"`. */
export function modelOfPath(path: string): string | undefined {
  const m = /(?:^|\/)(?:models|tunedModels)\/([^/:]+):/.exec(path);
  return m ? decodeURIComponent(m[1]) : undefined;
}

/** Gemini function declarations (`tools[].functionDeclarations`) in the Chat Completions tool shape MLflow shows. */
function chatTools(tools: unknown): unknown[] {
  if (!Array.isArray(tools)) return [];
  return tools
    .filter(isRecord)
    .flatMap((tool) => (Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : []))
    .filter(isRecord)
    .map((fn) => ({
      type: "function",
      function: {
        name: fn.name,
        ...(fn.description !== undefined ? { description: fn.description } : {}),
        ...(fn.parameters !== undefined || fn.parametersJsonSchema !== undefined ? { parameters: fn.parameters ?? fn.parametersJsonSchema } : {}),
      },
    }));
}

/**
 * The span's inputs for a sent request: the model, then the body as sent (`contents`, `systemInstruction`,
 * `generationConfig`, `tools`, … in the API's wire format).
 */
export function requestInputs(model: string | undefined, body: unknown): unknown {
  return isRecord(body) ? { ...(model !== undefined ? { model } : {}), ...body } : body;
}

/**
 * Span attributes known before the answer: `model`, `invocation_params` (every setting, no content),
 * `mlflow.chat.tools` and `mlflow.message.format`.
 */
export function requestAttributes(kind: CallKind, model: string | undefined, body: unknown): Record<string, unknown> {
  const attrs: Record<string, unknown> = { [SpanAttributeKey.MESSAGE_FORMAT]: MESSAGE_FORMAT };
  if (model !== undefined) attrs.model = model;
  if (!isRecord(body)) return attrs;
  const params: Body = {};
  for (const k of Object.keys(body)) if (!CONTENT_FIELDS.has(k)) params[k] = body[k];
  if (Object.keys(params).length > 0) attrs.invocation_params = params;
  const tools = kind === "embed" ? [] : chatTools(body.tools);
  if (tools.length > 0) attrs["mlflow.chat.tools"] = tools;
  return attrs;
}

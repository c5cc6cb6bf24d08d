import type { ChatMessage, ToolCall } from "./chat-view.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** A placeholder for a part that is not text (an image, a file, code): its kind and what identifies it. */
function placeholder(part: Obj): string | undefined {
  if (isObj(part.inlineData)) return `[inline data: ${String(part.inlineData.mimeType ?? "binary")}]`;
  if (isObj(part.fileData)) return `[file: ${String(part.fileData.fileUri ?? part.fileData.mimeType ?? "")}]`;
  if (isObj(part.executableCode)) return `\`\`\`\n${String(part.executableCode.code ?? "")}\n\`\`\``;
  if (isObj(part.codeExecutionResult)) return String(part.codeExecutionResult.output ?? "");
  return undefined;
}

/**
 * The messages of one Gemini content (`{role, parts}`): its text (thoughts left out) and function calls as one
 * message, then one `tool` message per function response it carries.
 */
function contentMessages(content: unknown, defaultRole: string): ChatMessage[] {
  if (!isObj(content) || !Array.isArray(content.parts)) return [];
  const role = content.role === "model" ? "assistant" : typeof content.role === "string" ? content.role : defaultRole;
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  const results: ChatMessage[] = [];
  for (const part of content.parts.filter(isObj)) {
    if (typeof part.text === "string" && part.thought !== true) texts.push(part.text);
    else if (isObj(part.functionCall)) {
      const call = part.functionCall;
      toolCalls.push({ id: String(call.id ?? ""), name: String(call.name ?? "tool"), arguments: call.args ?? {} });
    } else if (isObj(part.functionResponse)) {
      const r = part.functionResponse;
      results.push({ role: "tool", text: JSON.stringify(r.response ?? null), toolCalls: [], toolCallId: String(r.id ?? r.name ?? "") });
    } else {
      const shown = placeholder(part);
      if (shown) texts.push(shown);
    }
  }
  const message = texts.length > 0 || toolCalls.length > 0 ? [{ role, text: texts.join(""), toolCalls }] : [];
  return [...message, ...results];
}

/**
 * The conversation of a Gemini call (`mlflow.message.format` "gemini": inputs with `contents`, as
 * @traceloom/google-genai records the request it sent; outputs with `candidates`), or undefined when the inputs
 * are not Gemini-shaped.
 */
export function geminiMessages(inputs: unknown, outputs: unknown): ChatMessage[] | undefined {
  if (!isObj(inputs) || !Array.isArray(inputs.contents)) return undefined;
  const out: ChatMessage[] = [];
  const system = inputs.systemInstruction;
  if (typeof system === "string") out.push({ role: "system", text: system, toolCalls: [] });
  else out.push(...contentMessages(isObj(system) ? { ...system, role: "system" } : undefined, "system"));
  for (const content of inputs.contents) out.push(...contentMessages(typeof content === "string" ? { role: "user", parts: [{ text: content }] } : content, "user"));
  const candidate = isObj(outputs) && Array.isArray(outputs.candidates) ? outputs.candidates[0] : undefined;
  if (isObj(candidate)) out.push(...contentMessages(candidate.content, "assistant"));
  return out;
}

/**
 * Anthropic Messages content as the chat view (MLflow's and traceloom's) reads it, with `mlflow.message.format`
 * "anthropic": the request and response keep their Anthropic shape — system prompt, text, tool_use and tool_result
 * blocks, thinking blocks — but an image's bytes become a placeholder, and block types the chat view cannot show
 * (documents, redacted thinking, …) become a text block naming them.
 */

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Block types the chat view renders as they are. */
const SHOWN = new Set(["text", "image", "tool_use", "tool_result", "thinking"]);

/** An image block whose inline bytes are replaced by a placeholder naming their type and size (a URL is kept). */
function imagePlaceholder(block: Obj): Obj {
  const source = block.source;
  if (!isObj(source) || typeof source.data !== "string") return block;
  const bytes = Math.floor((source.data.length * 3) / 4);
  return { ...block, source: { ...source, data: `[image ${String(source.media_type ?? "")}, ${bytes} bytes]` } };
}

/** One content block as the chat view shows it. */
function chatBlock(block: unknown): unknown {
  if (!isObj(block) || typeof block.type !== "string") return block;
  if (block.type === "image") return imagePlaceholder(block);
  if (block.type === "tool_result" && Array.isArray(block.content)) return { ...block, content: block.content.map(chatBlock) };
  if (SHOWN.has(block.type)) return block;
  return { type: "text", text: `[${block.type}]` };
}

/** A message's content (a string, or an array of blocks) as the chat view shows it. */
function chatContent(content: unknown): unknown {
  return Array.isArray(content) ? content.map(chatBlock) : content;
}

/** The request body the SDK sent, with its messages and system prompt made viewable. */
export function chatRequest(body: unknown): unknown {
  if (!isObj(body)) return body;
  const out: Obj = { ...body };
  if (Array.isArray(body.messages)) out.messages = body.messages.map((m) => (isObj(m) ? { ...m, content: chatContent(m.content) } : m));
  if (Array.isArray(body.system)) out.system = chatContent(body.system);
  return out;
}

/** A response message with its content made viewable. */
export function chatResponse(message: unknown): unknown {
  return isObj(message) && Array.isArray(message.content) ? { ...message, content: chatContent(message.content) } : message;
}

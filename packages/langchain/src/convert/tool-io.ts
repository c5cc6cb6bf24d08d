type Loose = Record<string, any>;

/** A tool's input: LangChain passes a string; a JSON object string is recorded as that object. */
export function parseToolInput(input: unknown): unknown {
  if (typeof input !== "string") return input;
  const trimmed = input.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return { input };
  try {
    return JSON.parse(trimmed);
  } catch {
    return { input };
  }
}

/** A tool's output: a `ToolMessage`'s content (with its status when it failed), anything else as is. */
export function toolOutputs(output: unknown): unknown {
  const o = output as Loose | null | undefined;
  if (!o || typeof o !== "object" || !("tool_call_id" in o) || !("content" in o)) return output;
  return o.status === "error" ? { content: o.content, status: "error" } : o.content;
}

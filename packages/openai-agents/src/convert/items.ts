type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The text of a tool result the SDK keeps as `{ type: "text", text }` (or a list of such parts). */
function outputText(output: unknown): unknown {
  if (typeof output === "string") return output;
  if (isObj(output) && typeof output.text === "string") return output.text;
  if (Array.isArray(output)) return output.map(outputText).join("");
  return output;
}

/**
 * One item of the SDK's own conversation format (`AgentInputItem`: camelCase `callId`, `function_call_result`) in
 * the Responses API wire format the viewer's chat view reads (`call_id`, `function_call_output`).
 */
export function wireItem(item: unknown): unknown {
  if (!isObj(item)) return item;
  if (item.type === "function_call") {
    return { type: "function_call", call_id: item.callId ?? item.call_id, name: item.name, arguments: item.arguments };
  }
  if (item.type === "function_call_result") {
    return { type: "function_call_output", call_id: item.callId ?? item.call_id, output: outputText(item.output) };
  }
  if (item.type === "message" || typeof item.role === "string") {
    const { providerData: _provider, ...rest } = item;
    return rest;
  }
  const { providerData: _provider, ...rest } = item;
  return rest;
}

/** A model input as the SDK records it (a string, or a list of items) in the Responses wire format. */
export function wireInput(input: unknown): unknown {
  return Array.isArray(input) ? input.map(wireItem) : input;
}

/** The last user message of a model input: what the trace shows as its request preview. */
export function lastUserText(input: unknown): string | undefined {
  if (typeof input === "string") return input;
  if (!Array.isArray(input)) return undefined;
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i];
    if (isObj(item) && item.role === "user") {
      const content = item.content;
      if (typeof content === "string") return content;
      if (Array.isArray(content)) return content.map((p) => (isObj(p) && typeof p.text === "string" ? p.text : "")).join("");
    }
  }
  return undefined;
}

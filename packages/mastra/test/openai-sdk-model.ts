import OpenAI from "openai";

type Loose = Record<string, any>;

/** AI SDK prompt messages (what Mastra hands a model) as OpenAI chat messages. */
function toOpenAIMessages(prompt: Loose[]): Loose[] {
  const out: Loose[] = [];
  for (const m of prompt) {
    if (typeof m.content === "string") out.push({ role: m.role, content: m.content });
    else if (m.role === "tool") {
      for (const part of m.content) out.push({ role: "tool", tool_call_id: part.toolCallId, content: JSON.stringify(part.output?.value ?? part.output) });
    } else {
      const text = m.content.filter((p: Loose) => p.type === "text").map((p: Loose) => p.text).join("");
      const calls = m.content.filter((p: Loose) => p.type === "tool-call");
      out.push({
        role: m.role,
        content: text,
        ...(calls.length > 0 ? { tool_calls: calls.map((c: Loose) => ({ id: c.toolCallId, type: "function", function: { name: c.toolName, arguments: JSON.stringify(c.input) } })) } : {}),
      });
    }
  }
  return out;
}

/**
 * A minimal AI SDK (v2 specification) language model that calls the `openai` SDK — the shape of a provider built on
 * it — so the OpenAI autolog sees the requests Mastra makes through it.
 */
export function openAISdkModel(client: OpenAI, modelId: string) {
  async function call(options: Loose) {
    const tools = (options.tools ?? []).map((t: Loose) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.inputSchema } }));
    const completion = await client.chat.completions.create({ model: modelId, messages: toOpenAIMessages(options.prompt) as never, ...(tools.length > 0 ? { tools } : {}) });
    const message = completion.choices[0].message;
    const content: Loose[] = [];
    if (message.content) content.push({ type: "text", text: message.content });
    for (const c of message.tool_calls ?? []) if (c.type === "function") content.push({ type: "tool-call", toolCallId: c.id, toolName: c.function.name, input: c.function.arguments });
    const usage = { inputTokens: completion.usage?.prompt_tokens, outputTokens: completion.usage?.completion_tokens, totalTokens: completion.usage?.total_tokens };
    return { content, usage, finishReason: message.tool_calls?.length ? "tool-calls" : "stop" };
  }
  return {
    specificationVersion: "v2" as const,
    provider: "openai-sdk",
    modelId,
    supportedUrls: {},
    async doGenerate(options: Loose) {
      const { content, usage, finishReason } = await call(options);
      return { content, usage, finishReason, warnings: [] };
    },
    async doStream(options: Loose) {
      const { content, usage, finishReason } = await call(options);
      const parts: Loose[] = [{ type: "stream-start", warnings: [] }];
      for (const part of content) {
        if (part.type === "text") parts.push({ type: "text-start", id: "t" }, { type: "text-delta", id: "t", delta: part.text }, { type: "text-end", id: "t" });
        else parts.push(part);
      }
      parts.push({ type: "finish", finishReason, usage });
      return { stream: new ReadableStream({ start(controller) { for (const p of parts) controller.enqueue(p); controller.close(); } }) };
    },
  };
}

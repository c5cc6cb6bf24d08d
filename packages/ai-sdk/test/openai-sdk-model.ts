import OpenAI from "openai";

/**
 * A minimal AI SDK language model whose requests go through the official `openai` SDK's chat completions — the way
 * community providers built on that SDK work — so the OpenAI autolog sees each one. Specification v4 (ai 7) and v3
 * (ai 6) have the same shape for what this model uses.
 */
export function openaiSdkModel(baseURL: string, specificationVersion: "v3" | "v4" = "v4", modelId = "gpt-4o-mini") {
  const client = new OpenAI({ baseURL, apiKey: "test", maxRetries: 0 });
  return {
    specificationVersion,
    provider: "openai-sdk",
    modelId,
    supportedUrls: {},
    async doGenerate(options: any) {
      const messages = options.prompt.flatMap((m: any) => {
        if (m.role === "system") return [{ role: "system", content: m.content }];
        if (m.role === "tool") return m.content.map((p: any) => ({ role: "tool", tool_call_id: p.toolCallId, content: JSON.stringify(p.output.value) }));
        const text = m.content.filter((p: any) => p.type === "text").map((p: any) => p.text).join("");
        const calls = m.content.filter((p: any) => p.type === "tool-call").map((p: any) => ({ id: p.toolCallId, type: "function", function: { name: p.toolName, arguments: JSON.stringify(p.input) } }));
        return [calls.length > 0 ? { role: m.role, content: text || null, tool_calls: calls } : { role: m.role, content: text }];
      });
      const tools = options.tools?.map((t: any) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.inputSchema } }));
      const completion = await client.chat.completions.create({ model: modelId, messages, tools });
      const choice = completion.choices[0];
      const content: any[] = [];
      if (choice.message.content) content.push({ type: "text", text: choice.message.content });
      for (const call of choice.message.tool_calls ?? []) {
        if (call.type === "function") content.push({ type: "tool-call", toolCallId: call.id, toolName: call.function.name, input: call.function.arguments });
      }
      const usage = completion.usage!;
      return {
        content,
        finishReason: { unified: choice.finish_reason === "tool_calls" ? ("tool-calls" as const) : ("stop" as const), raw: choice.finish_reason },
        usage: {
          inputTokens: { total: usage.prompt_tokens, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: usage.completion_tokens, text: undefined, reasoning: undefined },
        },
        warnings: [],
      };
    },
    async doStream(): Promise<never> {
      throw new Error("not used");
    },
  };
}

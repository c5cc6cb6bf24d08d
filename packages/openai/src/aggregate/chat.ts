import { asRecord, type StreamAggregator } from "./aggregator.js";

interface ToolCallAcc {
  index: number;
  id?: string;
  type?: string;
  function: { name: string; arguments: string };
}

interface ChoiceAcc {
  index: number;
  role: string;
  content: string | null;
  refusal: string | null;
  toolCalls: Map<number, ToolCallAcc>;
  finishReason: string | null;
}

/** Rebuilds a `chat.completion` from `chat.completion.chunk`s, tool-call argument fragments included. */
export class ChatStreamAggregator implements StreamAggregator {
  private head: Record<string, unknown> = {};
  private readonly choices = new Map<number, ChoiceAcc>();
  private usage: unknown;

  add(raw: unknown): boolean {
    const chunk = asRecord(raw);
    if (!chunk) return false;
    for (const key of ["id", "created", "model", "system_fingerprint", "service_tier"]) {
      if (chunk[key] !== undefined && chunk[key] !== null) this.head[key] = chunk[key];
    }
    if (chunk.usage) this.usage = chunk.usage;
    let carriesToken = false;
    for (const c of Array.isArray(chunk.choices) ? chunk.choices : []) {
      const choice = asRecord(c);
      if (!choice) continue;
      const acc = this.choice(typeof choice.index === "number" ? choice.index : 0);
      if (choice.finish_reason) acc.finishReason = choice.finish_reason;
      const delta = asRecord(choice.delta);
      if (!delta) continue;
      if (typeof delta.role === "string") acc.role = delta.role;
      if (typeof delta.content === "string" && delta.content !== "") {
        acc.content = (acc.content ?? "") + delta.content;
        carriesToken = true;
      }
      if (typeof delta.refusal === "string" && delta.refusal !== "") {
        acc.refusal = (acc.refusal ?? "") + delta.refusal;
        carriesToken = true;
      }
      for (const t of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
        if (this.addToolCall(acc, asRecord(t))) carriesToken = true;
      }
    }
    return carriesToken;
  }

  result(): unknown {
    const choices = [...this.choices.values()]
      .sort((a, b) => a.index - b.index)
      .map((c) => {
        const message: Record<string, unknown> = { role: c.role, content: c.content };
        if (c.refusal !== null) message.refusal = c.refusal;
        if (c.toolCalls.size > 0) {
          message.tool_calls = [...c.toolCalls.values()]
            .sort((a, b) => a.index - b.index)
            .map((t) => ({ id: t.id, type: t.type ?? "function", function: t.function }));
        }
        return { index: c.index, message, finish_reason: c.finishReason };
      });
    const out: Record<string, unknown> = { ...this.head, object: "chat.completion", choices };
    if (this.usage) out.usage = this.usage;
    return out;
  }

  private choice(index: number): ChoiceAcc {
    let acc = this.choices.get(index);
    if (!acc) {
      acc = { index, role: "assistant", content: null, refusal: null, toolCalls: new Map(), finishReason: null };
      this.choices.set(index, acc);
    }
    return acc;
  }

  private addToolCall(acc: ChoiceAcc, delta: Record<string, any> | undefined): boolean {
    if (!delta) return false;
    const index = typeof delta.index === "number" ? delta.index : acc.toolCalls.size;
    let call = acc.toolCalls.get(index);
    if (!call) {
      call = { index, function: { name: "", arguments: "" } };
      acc.toolCalls.set(index, call);
    }
    if (typeof delta.id === "string") call.id = delta.id;
    if (typeof delta.type === "string") call.type = delta.type;
    const fn = asRecord(delta.function);
    if (typeof fn?.name === "string") call.function.name += fn.name;
    if (typeof fn?.arguments === "string") call.function.arguments += fn.arguments;
    return true;
  }
}

import { asRecord, type StreamAggregator } from "./aggregator.js";

/** Rebuilds a legacy `text_completion` from its streamed chunks. */
export class CompletionStreamAggregator implements StreamAggregator {
  private head: Record<string, unknown> = {};
  private readonly choices = new Map<number, { index: number; text: string; finish_reason: string | null }>();
  private usage: unknown;

  add(raw: unknown): boolean {
    const chunk = asRecord(raw);
    if (!chunk) return false;
    for (const key of ["id", "created", "model", "system_fingerprint"]) {
      if (chunk[key] !== undefined && chunk[key] !== null) this.head[key] = chunk[key];
    }
    if (chunk.usage) this.usage = chunk.usage;
    let carriesToken = false;
    for (const c of Array.isArray(chunk.choices) ? chunk.choices : []) {
      const choice = asRecord(c);
      if (!choice) continue;
      const index = typeof choice.index === "number" ? choice.index : 0;
      const acc = this.choices.get(index) ?? { index, text: "", finish_reason: null };
      this.choices.set(index, acc);
      if (typeof choice.text === "string" && choice.text !== "") {
        acc.text += choice.text;
        carriesToken = true;
      }
      if (choice.finish_reason) acc.finish_reason = choice.finish_reason;
    }
    return carriesToken;
  }

  result(): unknown {
    const choices = [...this.choices.values()].sort((a, b) => a.index - b.index);
    const out: Record<string, unknown> = { ...this.head, object: "text_completion", choices };
    if (this.usage) out.usage = this.usage;
    return out;
  }
}

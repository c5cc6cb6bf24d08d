import { asRecord, type StreamAggregator } from "./aggregator.js";

const TOKEN_EVENTS = new Set(["response.output_text.delta", "response.refusal.delta", "response.function_call_arguments.delta"]);

/**
 * Keeps the latest `response` snapshot of a Responses event stream: `response.completed` (or `.failed` /
 * `.incomplete`) carries the whole response; a stream stopped early keeps the last snapshot plus the text seen.
 */
export class ResponseStreamAggregator implements StreamAggregator {
  private snapshot: Record<string, unknown> | undefined;
  private text = "";
  private finished = false;

  add(raw: unknown): boolean {
    const event = asRecord(raw);
    if (!event) return false;
    const response = asRecord(event.response);
    if (response) {
      this.snapshot = response;
      if (event.type === "response.completed" || event.type === "response.failed" || event.type === "response.incomplete") {
        this.finished = true;
      }
    }
    if (event.type === "response.output_text.delta" && typeof event.delta === "string") this.text += event.delta;
    return TOKEN_EVENTS.has(event.type) && typeof event.delta === "string" && event.delta !== "";
  }

  result(): unknown {
    if (this.finished || this.text === "") return this.snapshot;
    return { ...this.snapshot, output_text: this.text };
  }
}

import type { StreamAggregator } from "@traceloom/core";

type Obj = Record<string, any>;

const asObj = (v: unknown): Obj | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

/** A content block being streamed; a tool_use block's input arrives as JSON fragments. */
interface BlockAcc {
  block: Obj;
  json: string;
}

/** Delta fields that carry generated content, by delta type (the first token of a stream is the first of these). */
const TOKEN_FIELDS: Record<string, string> = {
  text_delta: "text",
  thinking_delta: "thinking",
  input_json_delta: "partial_json",
};

/**
 * Rebuilds a Messages response from the raw stream events (`message_start`, `content_block_start/delta/stop`,
 * `message_delta`, `message_stop`): text, thinking (with its signature), tool_use input, `stop_reason` and the
 * usage reported at the start and updated at the end.
 */
export class MessageStreamAggregator implements StreamAggregator {
  private message: Obj = {};
  private readonly blocks = new Map<number, BlockAcc>();

  add(raw: unknown): boolean {
    const event = asObj(raw);
    if (!event) return false;
    switch (event.type) {
      case "message_start":
        this.message = { ...asObj(event.message) };
        this.message.usage = { ...asObj(this.message.usage) };
        return false;
      case "content_block_start": {
        const block = asObj(event.content_block);
        if (block && typeof event.index === "number") this.blocks.set(event.index, { block: { ...block }, json: "" });
        return false;
      }
      case "content_block_delta":
        return this.delta(event.index, asObj(event.delta));
      case "message_delta": {
        const delta = asObj(event.delta);
        if (delta) for (const key of ["stop_reason", "stop_sequence", "container"]) if (key in delta) this.message[key] = delta[key];
        const usage = asObj(event.usage);
        if (usage) for (const [key, value] of Object.entries(usage)) if (value !== null && value !== undefined) this.message.usage[key] = value;
        return false;
      }
      default:
        return false;
    }
  }

  private delta(index: unknown, delta: Obj | undefined): boolean {
    const acc = typeof index === "number" ? this.blocks.get(index) : undefined;
    if (!acc || !delta) return false;
    const field = TOKEN_FIELDS[delta.type as string];
    if (delta.type === "input_json_delta") acc.json += String(delta.partial_json ?? "");
    else if (field) acc.block[field] = String(acc.block[field] ?? "") + String(delta[field] ?? "");
    else if (delta.type === "signature_delta") acc.block.signature = String(acc.block.signature ?? "") + String(delta.signature ?? "");
    else if (delta.type === "citations_delta") acc.block.citations = [...(Array.isArray(acc.block.citations) ? acc.block.citations : []), delta.citation];
    return field !== undefined && typeof delta[field] === "string" && delta[field] !== "";
  }

  result(): unknown {
    const content = [...this.blocks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, acc]) => (acc.json === "" ? acc.block : { ...acc.block, input: parseInput(acc.json) }));
    return { ...this.message, content };
  }
}

/** A tool_use block's streamed input: the parsed JSON, or the text as it arrived when it is cut short. */
function parseInput(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

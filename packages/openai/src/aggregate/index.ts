import type { CallKind } from "../targets.js";
import type { StreamAggregator } from "./aggregator.js";
import { ChatStreamAggregator } from "./chat.js";
import { CompletionStreamAggregator } from "./completion.js";
import { ResponseStreamAggregator } from "./response.js";

export type { StreamAggregator } from "./aggregator.js";

/** The aggregator for a streamed call of `kind` (embeddings never stream). */
export function aggregatorFor(kind: CallKind): StreamAggregator {
  if (kind === "chat") return new ChatStreamAggregator();
  if (kind === "completion") return new CompletionStreamAggregator();
  return new ResponseStreamAggregator();
}

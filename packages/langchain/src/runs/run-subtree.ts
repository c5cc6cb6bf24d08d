import { SpanType, type LiveSpan } from "@traceloom/core";
import { pluginState, type RunEntry } from "../state.js";
import { endRun } from "./run-registry.js";

/** Levels of nesting followed up from a run to find its root; deeper trees are not LangChain's. */
const MAX_DEPTH = 1000;

/** How a run still open is ended when its stream stops: an event named `event` with `reason`. */
export interface StopReason {
  event: "cancelled" | "abandoned";
  reason: string;
}

/** Levels between `runId` and `rootRunId` (0 for the root itself), or -1 when `runId` is not under it. */
function depthBelow(runId: string, rootRunId: string, runs: Map<string, RunEntry>): number {
  let id: string | undefined = runId;
  for (let depth = 0; id !== undefined && depth < MAX_DEPTH; depth++) {
    if (id === rootRunId) return depth;
    id = runs.get(id)?.parentRunId;
  }
  return -1;
}

/** What a model run had streamed when it was stopped: the text so far, as the message it would have become. */
function recordStreamed(span: LiveSpan, entry: RunEntry): void {
  if (entry.streamedTokens === 0) return;
  const text = entry.streamedText.join("");
  span.setOutputs(span.spanType === SpanType.CHAT_MODEL ? { role: "assistant", content: text } : text);
  span.setAttribute("traceloom.stream.tokens", entry.streamedTokens);
}

/**
 * Ends `rootRunId` and every run still open under it, deepest first, with a `stop.event` event — for a stream
 * LangChain stops without an end or error callback. `rootOutputs`, when given, become the root's outputs.
 * Runs already ended are left as they are.
 */
export function endOpenSubtree(rootRunId: string, stop: StopReason, rootOutputs?: () => unknown): void {
  const runs = pluginState().runs;
  if (!runs.has(rootRunId)) return;
  const open: { runId: string; depth: number }[] = [];
  for (const runId of runs.keys()) {
    const depth = depthBelow(runId, rootRunId, runs);
    if (depth >= 0) open.push({ runId, depth });
  }
  open.sort((a, b) => b.depth - a.depth);
  for (const { runId, depth } of open) {
    endRun(runId, (span, entry) => {
      span.addEvent(stop.event, { reason: stop.reason });
      recordStreamed(span, entry);
      if (depth === 0 && rootOutputs) span.setOutputs(rootOutputs());
    });
  }
}

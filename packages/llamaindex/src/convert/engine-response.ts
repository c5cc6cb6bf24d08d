import { toRetrievedDocuments } from "./nodes.js";

interface EngineResponseLike {
  message?: { content?: unknown; role?: string };
  response?: unknown;
  sourceNodes?: unknown;
  delta?: unknown;
}

/** The text of an `EngineResponse` (query engine, synthesizer, chat engine), whatever its version's accessors. */
function textOf(r: EngineResponseLike): unknown {
  if (typeof r.response === "string") return r.response;
  return r.message?.content;
}

/** Outputs of a query / synthesize / chat call: the answer text and the source nodes it used. */
export function engineResponseOutputs(result: unknown): unknown {
  if (!result || typeof result !== "object") return result;
  const r = result as EngineResponseLike;
  const outputs: Record<string, unknown> = { response: textOf(r) };
  if (Array.isArray(r.sourceNodes) && r.sourceNodes.length > 0) outputs.source_nodes = toRetrievedDocuments(r.sourceNodes);
  return outputs;
}

/** Outputs of a streamed query / synthesize / chat call: the concatenated deltas and the source nodes. */
export function streamedEngineResponseOutputs(chunks: unknown[]): unknown {
  let text = "";
  let sourceNodes: unknown;
  for (const chunk of chunks) {
    const c = (chunk ?? {}) as EngineResponseLike;
    const delta = c.delta ?? c.message?.content ?? c.response;
    if (typeof delta === "string") text += delta;
    if (Array.isArray(c.sourceNodes) && c.sourceNodes.length > 0) sourceNodes = c.sourceNodes;
  }
  const outputs: Record<string, unknown> = { response: text };
  if (sourceNodes) outputs.source_nodes = toRetrievedDocuments(sourceNodes);
  return outputs;
}

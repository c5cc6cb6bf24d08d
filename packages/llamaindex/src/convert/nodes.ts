/** A retrieved node in MLflow's retriever-document shape, plus its score. */
export interface RetrievedDocument {
  page_content: string;
  metadata: Record<string, unknown>;
  id: string | undefined;
  score: number | undefined;
}

interface NodeLike {
  id_?: string;
  metadata?: Record<string, unknown>;
  getContent?: (mode?: unknown) => string;
  text?: string;
}

function contentOf(node: NodeLike): string {
  if (typeof node.getContent === "function") {
    const content = node.getContent("none");
    if (typeof content === "string") return content;
  }
  return typeof node.text === "string" ? node.text : "";
}

/** Turns LlamaIndex `NodeWithScore[]` into MLflow retriever documents (`page_content`, `metadata`, `id`, `score`). */
export function toRetrievedDocuments(nodes: unknown): RetrievedDocument[] | unknown {
  if (!Array.isArray(nodes)) return nodes;
  return nodes.map((entry: { node?: NodeLike; score?: number }) => {
    const node = entry?.node ?? {};
    return { page_content: contentOf(node), metadata: { ...(node.metadata ?? {}) }, id: node.id_, score: entry?.score };
  });
}

/** A retrieved document in MLflow's shape (`page_content`, `metadata`, `id`). */
export interface DocumentRecord {
  page_content: string;
  metadata: Record<string, unknown>;
  id?: string;
}

/** Converts LangChain `Document`s to MLflow's retriever output shape; other values pass through. */
export function toDocumentRecords(documents: unknown): unknown {
  if (!Array.isArray(documents)) return documents;
  return documents.map((d) => {
    const doc = (d ?? {}) as { pageContent?: unknown; metadata?: unknown; id?: unknown };
    if (typeof doc.pageContent !== "string") return d;
    const record: DocumentRecord = { page_content: doc.pageContent, metadata: (doc.metadata as Record<string, unknown>) ?? {} };
    if (typeof doc.id === "string") record.id = doc.id;
    return record;
  });
}

import { h } from "./dom.js";
import { jsonView } from "./json-view.js";
import { markdownView } from "./markdown.js";

/** A retrieved document in MLflow's shape. */
interface RetrievedDocument {
  page_content: string;
  metadata?: Record<string, unknown>;
  id?: string;
}

const isDocument = (v: unknown): v is RetrievedDocument =>
  typeof v === "object" && v !== null && typeof (v as { page_content?: unknown }).page_content === "string";

/**
 * The documents a retriever span returned (MLflow's `[{ page_content, metadata, id }]`, also under a `documents`
 * key), or undefined when its outputs are something else.
 */
export function retrievedDocuments(outputs: unknown): RetrievedDocument[] | undefined {
  const list = Array.isArray(outputs) ? outputs : (outputs as { documents?: unknown } | null)?.documents;
  return Array.isArray(list) && list.length > 0 && list.every(isDocument) ? list : undefined;
}

function sourceOf(doc: RetrievedDocument): string | undefined {
  const uri = doc.metadata?.doc_uri ?? doc.metadata?.source ?? doc.metadata?.url;
  return typeof uri === "string" ? uri : undefined;
}

/** Retrieved documents as numbered cards: source or ID, score, the text (markdown), and the rest of the metadata. */
export function documentsView(docs: RetrievedDocument[]): HTMLElement {
  return h(
    "ol",
    { class: "documents" },
    ...docs.map((doc) => {
      const { doc_uri: _uri, score, ...rest } = doc.metadata ?? {};
      return h(
        "li",
        { class: "document" },
        h(
          "div",
          { class: "document-head" },
          h("strong", { class: "document-source", text: sourceOf(doc) ?? doc.id ?? "document" }),
          typeof score === "number" ? h("span", { class: "document-score dim", text: `score ${score.toFixed(3)}` }) : null,
          doc.id && sourceOf(doc) ? h("span", { class: "dim", text: ` · ${doc.id}` }) : null,
        ),
        markdownView(doc.page_content),
        Object.keys(rest).length > 0 ? jsonView(rest, 0) : null,
      );
    }),
  );
}

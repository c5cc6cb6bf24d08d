/** A document the demo agent can retrieve, in MLflow's retriever output shape. */
export interface Document {
  id: string;
  page_content: string;
  metadata: { doc_uri: string; score?: number };
}

/** The demo agent's tiny knowledge base. */
export const DOCUMENTS: Document[] = [
  { id: "packing", page_content: "Packing tips: bring layers and an umbrella when rain is likely; sunscreen and a hat for sunny days.", metadata: { doc_uri: "kb://travel/packing" } },
  { id: "paris", page_content: "Paris in spring: mild days around 15–20 °C, frequent short showers, busy museums on weekends.", metadata: { doc_uri: "kb://travel/paris" } },
  { id: "viewer", page_content: "traceloom ui serves a local trace viewer on 127.0.0.1; open the printed URL in a browser.", metadata: { doc_uri: "kb://traceloom/viewer" } },
  { id: "tracing", page_content: "trace() and withSpan() record each step of an agent as a span with inputs, outputs and timing.", metadata: { doc_uri: "kb://traceloom/tracing" } },
];

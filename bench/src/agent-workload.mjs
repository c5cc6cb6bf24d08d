/**
 * The small agent trace the store benchmarks produce: an AGENT root calling a RETRIEVER and an LLM step (3 spans,
 * about 6 KB of trace JSON), with `trace()`-wrapped synchronous functions.
 */
import { trace } from "@traceloom/core";
import { chatPayload } from "./payload.mjs";

/** A traced agent function and the question it is called with. */
export function agentWorkload() {
  const documents = chatPayload(600, 2);
  const answer = chatPayload(400, 3);
  const retrieve = trace(function retrieve(query) { return query ? documents : undefined; }, { spanType: "RETRIEVER" });
  const generate = trace(function generate(prompt, context) { return prompt && context ? answer : undefined; }, { spanType: "LLM" });
  const agent = trace(function agent(request) { return generate(request, retrieve(request)); }, { spanType: "AGENT" });
  return { agent, question: chatPayload(300, 1) };
}

/**
 * Destinations compared: the local store as it is now (its own queue and writer thread); as it was before issue 14
 * — the store behind a network sink's bounded, dropping queue, written on the main thread; and tracing off
 * (the same program's own noise on this machine).
 * @param {string} mode "writer-thread" | "before" | "untraced"
 * @param {string} dbPath
 */
export async function storeConfig(mode, dbPath) {
  const core = await import("@traceloom/core");
  if (mode === "writer-thread") return { trackingUri: dbPath };
  if (mode === "untraced") return { trackingUri: dbPath, enabled: false };
  const store = new core.SqliteTraceStore(dbPath);
  const sink = { name: `store:${dbPath}`, export: (t) => store.writeTraces(t), exportSync: (t) => store.writeTraces(t) };
  return { trackingUri: dbPath, disableLocalStore: true, sinks: [sink] };
}

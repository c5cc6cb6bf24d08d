import { SpanType, type SpanTypeName } from "@traceloom/core";

/** What LangChain passes as `serialized` (the `toJSON()` of a runnable, model, tool or retriever). */
export interface SerializedRunnable {
  id?: string[];
  name?: string;
  kwargs?: Record<string, unknown>;
}

/** Tags LangChain puts on plumbing runs that tracers should not show. */
const HIDDEN_TAG = "langsmith:hidden";

/** The `ls_integration` metadata LangChain puts on runs of a `createAgent` graph (the root has no `langgraph_node`). */
const AGENT_INTEGRATION = "langchain_create_agent";

/** Class names of runnables that drive an agent loop. */
const AGENT_CLASSES = /AgentExecutor|Agent$/;

/** The run's display name: the run name if one was given, else the class LangChain reports. */
export function runName(serialized: SerializedRunnable | undefined, name: string | undefined, fallback: string): string {
  if (typeof name === "string" && name) return name;
  if (serialized && typeof serialized.name === "string" && serialized.name) return serialized.name;
  const id = serialized?.id;
  return Array.isArray(id) && id.length > 0 ? String(id.at(-1)) : fallback;
}

/** True for LangChain's internal plumbing runs (tagged `langsmith:hidden`). */
export function isHiddenRun(tags: string[] | undefined): boolean {
  return Array.isArray(tags) && tags.includes(HIDDEN_TAG);
}

/**
 * The span type of a chain run: PARSER for output parsers, AGENT for agent loops (an AgentExecutor, or a LangGraph
 * graph built by `createAgent` / `createReactAgent`), CHAIN otherwise — LangGraph nodes included.
 */
export function chainSpanType(serialized: SerializedRunnable | undefined, runType: string | undefined, name: string, metadata: Record<string, unknown> | undefined): SpanTypeName {
  const id = Array.isArray(serialized?.id) ? serialized.id : [];
  if (runType === "parser" || id.includes("output_parsers")) return SpanType.PARSER;
  if (id.some((part) => AGENT_CLASSES.test(String(part)))) return SpanType.AGENT;
  if (metadata?.langgraph_node === undefined && (metadata?.ls_integration === AGENT_INTEGRATION || name === "AgentExecutor")) return SpanType.AGENT;
  return SpanType.CHAIN;
}

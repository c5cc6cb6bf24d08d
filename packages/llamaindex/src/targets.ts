import { ContextChatEngine, SimpleChatEngine } from "@llamaindex/core/chat-engine";
import { BaseEmbedding } from "@llamaindex/core/embeddings";
import { CallbackManager, Settings, getEventCaller } from "@llamaindex/core/global";
import { BaseLLM } from "@llamaindex/core/llms";
import { NodeParser } from "@llamaindex/core/node-parser";
import { BaseQueryEngine } from "@llamaindex/core/query-engine";
import { BaseSynthesizer } from "@llamaindex/core/response-synthesizers";
import { BaseRetriever } from "@llamaindex/core/retriever";
import { AgentWorkflow } from "@llamaindex/workflow";
import { VectorStoreIndex } from "llamaindex/indices";

/**
 * The LlamaIndex classes traceloom instruments, from the copy of the packages that matches this build: the ESM
 * build gets the ESM copies (whose `Settings` is the one ESM apps use), the CJS build the CJS copies.
 */
export const llamaIndexTargets = {
  CallbackManager,
  Settings: Settings as object,
  currentEventCaller: (): unknown => getEventCaller()?.caller,
  BaseQueryEngine,
  BaseRetriever,
  BaseSynthesizer,
  BaseEmbedding,
  BaseLLM,
  NodeParser,
  ChatEngines: [ContextChatEngine, SimpleChatEngine],
  AgentWorkflow,
  VectorStoreIndex,
};

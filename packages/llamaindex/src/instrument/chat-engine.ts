import { SpanType } from "@traceloom/core";
import { engineResponseOutputs, streamedEngineResponseOutputs } from "../convert/engine-response.js";
import { classNameOf } from "../runtime/class-name.js";
import { runTracedCall, type CallSpec } from "../runtime/traced-call.js";
import { wrapMethod, type Unpatch } from "../runtime/wrap-method.js";
import { instrumentLLMInstance } from "./llm.js";

interface ChatEngineLike {
  chatModel?: unknown;
  llm?: unknown;
}

const chatSpec: CallSpec<ChatEngineLike, [unknown], unknown> = {
  key: "chat-engine",
  name: (self) => `${classNameOf(self, "ChatEngine")}.chat`,
  spanType: SpanType.CHAIN,
  inputs: (_self, [params]) => {
    const p = (params ?? {}) as { message?: unknown; stream?: boolean };
    return p.stream ? { message: p.message, stream: true } : { message: p.message };
  },
  onStart: (_span, self) => instrumentLLMInstance(self.chatModel ?? self.llm),
  onResult: (span, result) => span.setOutputs(engineResponseOutputs(result)),
  streamOutputs: streamedEngineResponseOutputs,
};

/** Traces `chat()` of the given chat engine classes (ContextChatEngine, SimpleChatEngine) as CHAIN spans. */
export function instrumentChatEngines(engines: Array<{ prototype: object } | undefined>): Unpatch[] {
  return engines.map((engine) =>
    wrapMethod(engine?.prototype, "chat", (original) =>
      function (this: ChatEngineLike, ...args: unknown[]) {
        return runTracedCall(chatSpec, this, args as [unknown], original);
      },
    ),
  );
}

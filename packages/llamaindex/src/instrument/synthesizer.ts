import { SpanType } from "@traceloom/core";
import { engineResponseOutputs, streamedEngineResponseOutputs } from "../convert/engine-response.js";
import { queryTextOf } from "../convert/query-input.js";
import { classNameOf } from "../runtime/class-name.js";
import { runTracedCall, type CallSpec } from "../runtime/traced-call.js";
import { wrapMethod, type Unpatch } from "../runtime/wrap-method.js";
import { instrumentLLMInstance } from "./llm.js";

interface SynthesizeQuery {
  query?: unknown;
  nodes?: unknown[];
}

const synthesizeSpec: CallSpec<{ llm?: unknown }, [SynthesizeQuery, boolean?], unknown> = {
  key: "synthesize",
  name: (self) => `${classNameOf(self, "Synthesizer")}.synthesize`,
  spanType: SpanType.CHAIN,
  inputs: (_self, [query, stream]) => ({
    query: queryTextOf(query?.query),
    nodes: Array.isArray(query?.nodes) ? query.nodes.length : 0,
    ...(stream ? { stream: true } : {}),
  }),
  onStart: (_span, self) => instrumentLLMInstance(self.llm),
  onResult: (span, result) => span.setOutputs(engineResponseOutputs(result)),
  streamOutputs: streamedEngineResponseOutputs,
};

/** Traces `BaseSynthesizer.prototype.synthesize` as a CHAIN span (ending once a streamed answer is read). */
export function instrumentSynthesizer(BaseSynthesizer: { prototype: object }): Unpatch {
  return wrapMethod(BaseSynthesizer.prototype, "synthesize", (original) =>
    function (this: object, ...args: unknown[]) {
      return runTracedCall(synthesizeSpec, this, args as [SynthesizeQuery, boolean?], original);
    },
  );
}

import { SpanType } from "@traceloom/core";
import { engineResponseOutputs, streamedEngineResponseOutputs } from "../convert/engine-response.js";
import { queryTextOf } from "../convert/query-input.js";
import { classNameOf } from "../runtime/class-name.js";
import { runTracedCall, type CallSpec } from "../runtime/traced-call.js";
import { wrapMethod, type Unpatch } from "../runtime/wrap-method.js";

const querySpec: CallSpec<object, [unknown], unknown> = {
  key: "query",
  name: (self) => `${classNameOf(self, "QueryEngine")}.query`,
  spanType: SpanType.CHAIN,
  inputs: (_self, [params]) => ({ query: queryTextOf(params) }),
  onResult: (span, result) => span.setOutputs(engineResponseOutputs(result)),
  streamOutputs: streamedEngineResponseOutputs,
};

/**
 * Traces `BaseQueryEngine.prototype.query` as a CHAIN span. A streamed query's span ends once the stream is read.
 * Engines built before `autolog()` keep the method bound at construction and are not covered.
 */
export function instrumentQueryEngine(BaseQueryEngine: { prototype: object }): Unpatch {
  return wrapMethod(BaseQueryEngine.prototype, "query", (original) =>
    function (this: object, ...args: unknown[]) {
      return runTracedCall(querySpec, this, args as [unknown], original);
    },
  );
}

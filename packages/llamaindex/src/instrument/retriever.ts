import { SpanType } from "@traceloom/core";
import { toRetrievedDocuments } from "../convert/nodes.js";
import { queryTextOf } from "../convert/query-input.js";
import { classNameOf } from "../runtime/class-name.js";
import { runTracedCall, type CallSpec } from "../runtime/traced-call.js";
import { wrapMethod, type Unpatch } from "../runtime/wrap-method.js";

const retrieveSpec: CallSpec<object, [unknown], unknown> = {
  key: "retrieve",
  name: (self) => `${classNameOf(self, "Retriever")}.retrieve`,
  spanType: SpanType.RETRIEVER,
  inputs: (_self, [params]) => ({ query: queryTextOf(params) }),
  onResult: (span, nodes) => span.setOutputs(toRetrievedDocuments(nodes)),
};

/** Traces `BaseRetriever.prototype.retrieve` as a RETRIEVER span whose outputs are the nodes with their scores. */
export function instrumentRetriever(BaseRetriever: { prototype: object }): Unpatch {
  return wrapMethod(BaseRetriever.prototype, "retrieve", (original) =>
    function (this: object, ...args: unknown[]) {
      return runTracedCall(retrieveSpec, this, args as [unknown], original);
    },
  );
}

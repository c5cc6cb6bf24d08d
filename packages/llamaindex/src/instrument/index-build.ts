import { SpanType } from "@traceloom/core";
import { runTracedCall, type CallSpec } from "../runtime/traced-call.js";
import { wrapMethod, type Unpatch } from "../runtime/wrap-method.js";

type IndexClass = { name?: string };

const fromDocumentsSpec: CallSpec<IndexClass, [unknown], unknown> = {
  key: "index.fromDocuments",
  name: (self) => `${self?.name || "Index"}.fromDocuments`,
  spanType: SpanType.CHAIN,
  inputs: (_self, [documents]) => ({ documents: Array.isArray(documents) ? documents.length : undefined }),
  onResult: (span, index) => span.setOutputs({ index: (index as { constructor?: { name?: string } })?.constructor?.name }),
};

/** Traces the static `fromDocuments` of an index class (VectorStoreIndex): the root of an indexing run. */
export function instrumentIndexBuild(IndexClass: object | undefined): Unpatch {
  return wrapMethod(IndexClass, "fromDocuments", (original) =>
    function (this: IndexClass, ...args: unknown[]) {
      return runTracedCall(fromDocumentsSpec, this, args as [unknown], original);
    },
  );
}

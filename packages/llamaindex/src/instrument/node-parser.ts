import { SpanType } from "@traceloom/core";
import { classNameOf } from "../runtime/class-name.js";
import { runTracedCall, type CallSpec } from "../runtime/traced-call.js";
import { wrapMethod, type Unpatch } from "../runtime/wrap-method.js";

const countOf = (v: unknown): number | undefined => (Array.isArray(v) ? v.length : undefined);

const parseSpec: CallSpec<object, [unknown], unknown> = {
  key: "node-parser",
  name: (self) => `${classNameOf(self, "NodeParser")}.getNodesFromDocuments`,
  spanType: SpanType.PARSER,
  inputs: (_self, [documents]) => ({ documents: countOf(documents) }),
  onResult: (span, nodes) => span.setOutputs({ nodes: countOf(nodes) }),
};

/**
 * Traces `NodeParser.prototype.getNodesFromDocuments` (chunking documents into nodes) as a PARSER span; the
 * `chunking-*` events inside it are recorded as span events by the event observer.
 */
export function instrumentNodeParser(NodeParser: { prototype: object }): Unpatch {
  return wrapMethod(NodeParser.prototype, "getNodesFromDocuments", (original) =>
    function (this: object, ...args: unknown[]) {
      return runTracedCall(parseSpec, this, args as [unknown], original);
    },
  );
}

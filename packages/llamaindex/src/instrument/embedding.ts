import { SpanType, type LiveSpan } from "@traceloom/core";
import { classNameOf } from "../runtime/class-name.js";
import { runTracedCall, type CallSpec } from "../runtime/traced-call.js";
import { wrapMethod, type Unpatch } from "../runtime/wrap-method.js";

interface EmbeddingModel {
  model?: unknown;
  embedBatchSize?: unknown;
  dimensions?: unknown;
}

function describeModel(span: LiveSpan, self: EmbeddingModel): void {
  const attributes: Record<string, unknown> = {};
  if (typeof self.model === "string") attributes.model = self.model;
  if (typeof self.embedBatchSize === "number") attributes.batch_size = self.embedBatchSize;
  if (typeof self.dimensions === "number") attributes.dimensions = self.dimensions;
  span.setAttributes(attributes);
}

function vectorsSummary(vectors: unknown): unknown {
  if (!Array.isArray(vectors)) return vectors;
  const first = vectors[0];
  return { embeddings: vectors.length, dimensions: Array.isArray(first) ? first.length : undefined };
}

const batchSpec: CallSpec<EmbeddingModel, [unknown[]], unknown> = {
  key: "embedding.batch",
  name: (self) => `${classNameOf(self, "Embedding")}.getTextEmbeddingsBatch`,
  spanType: SpanType.EMBEDDING,
  inputs: (_self, [texts]) => ({ texts }),
  onStart: (span, self, [texts]) => {
    describeModel(span, self);
    if (Array.isArray(texts)) span.setAttribute("input_count", texts.length);
  },
  onResult: (span, vectors) => span.setOutputs(vectorsSummary(vectors)),
};

const querySpec: CallSpec<EmbeddingModel, [unknown], unknown> = {
  key: "embedding.query",
  name: (self) => `${classNameOf(self, "Embedding")}.getQueryEmbedding`,
  spanType: SpanType.EMBEDDING,
  inputs: (_self, [query]) => ({ query }),
  onStart: (span, self) => describeModel(span, self),
  onResult: (span, vector) => span.setOutputs({ dimensions: Array.isArray(vector) ? vector.length : undefined }),
};

/**
 * Traces `BaseEmbedding.prototype.getTextEmbeddingsBatch` (indexing) and `getQueryEmbedding` (retrieval) as
 * EMBEDDING spans with the model and batch size; outputs are the count and dimension of the vectors, not the vectors.
 */
export function instrumentEmbedding(BaseEmbedding: { prototype: object }): Unpatch[] {
  return [
    wrapMethod(BaseEmbedding.prototype, "getTextEmbeddingsBatch", (original) =>
      function (this: EmbeddingModel, ...args: unknown[]) {
        return runTracedCall(batchSpec, this, args as [unknown[]], original);
      },
    ),
    wrapMethod(BaseEmbedding.prototype, "getQueryEmbedding", (original) =>
      function (this: EmbeddingModel, ...args: unknown[]) {
        return runTracedCall(querySpec, this, args as [unknown], original);
      },
    ),
  ];
}

/**
 * The exports of ai 6's main module that `@traceloom/ai-sdk/register` replaces (every 6.x release has them all):
 * generateText, streamText and the agent class record their failures; generateObject, streamObject, embed and
 * embedMany are traced. Kept apart from the wrappers so the module hooks can name them without loading tracing.
 */
export const WRAPPED_EXPORTS = [
  "generateText",
  "streamText",
  "ToolLoopAgent",
  "Experimental_Agent",
  "generateObject",
  "streamObject",
  "embed",
  "embedMany",
] as const;

/** One of {@link WRAPPED_EXPORTS}. */
export type WrappedExport = (typeof WRAPPED_EXPORTS)[number];

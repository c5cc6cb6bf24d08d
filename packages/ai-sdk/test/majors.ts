import { createOpenAI as createOpenAI7 } from "@ai-sdk/openai";
import { createOpenAI as createOpenAI6 } from "@ai-sdk/openai-v3";
import * as ai7 from "ai";
import * as ai6 from "ai-v6";
import { wrapV6Exports } from "../src/v6-wrappers.js";

/** One major of the AI SDK under test: its `ai` package, the matching OpenAI provider and model specification. */
export interface Major {
  name: string;
  /** ai 6's functions are called the same way in these tests; typed as ai 7's to keep the tests readable. */
  ai: typeof ai7;
  createOpenAI: typeof createOpenAI7;
  /** The language model specification version this major accepts from a custom model. */
  specificationVersion: "v3" | "v4";
}

/** The current major and the previous one: every test of the trees, streams, transparency and plugins runs on both. */
export const MAJORS: Major[] = [
  { name: "ai 7", ai: ai7, createOpenAI: createOpenAI7, specificationVersion: "v4" },
  { name: "ai 6", ai: ai6 as unknown as typeof ai7, createOpenAI: createOpenAI6 as unknown as typeof createOpenAI7, specificationVersion: "v3" },
];

/**
 * ai 6 as an application started with `@traceloom/ai-sdk/register` sees it: its exports with the wrapped ones in
 * their place (register.test.ts proves the module hooks serve exactly these, for import and require).
 */
export const REGISTERED_V6: Major = { ...MAJORS[1], name: "ai 6 with register", ai: { ...ai6, ...wrapV6Exports(ai6) } as unknown as typeof ai7 };

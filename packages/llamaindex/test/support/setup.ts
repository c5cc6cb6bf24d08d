import { TraceClient, configure, flush, type Trace } from "@traceloom/core";
import { startFakeOpenAI, type FakeOpenAI } from "@traceloom/testkit";
import { OpenAI, OpenAIEmbedding } from "@llamaindex/openai";
import { Settings } from "llamaindex";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { autolog } from "../../src/index.js";

/** What a test file gets: the fake server and the traces recorded. */
export interface Harness {
  fake: () => FakeOpenAI;
  /** A LlamaIndex OpenAI chat model on the fake server. */
  llm: () => OpenAI;
  /** A LlamaIndex OpenAI embedding model on the fake server. */
  embedModel: () => OpenAIEmbedding;
  /** Every trace recorded since the test started, oldest first. */
  traces: () => Promise<Trace[]>;
}

/** Options of {@link useLlamaIndex}. */
export interface HarnessOptions {
  /** Set `Settings.llm` and `Settings.embedModel` to the harness's models (default true). */
  settingsModels?: boolean;
}

/**
 * One fake OpenAI server per file, traces in memory, `autolog()` on, and `Settings.llm`/`Settings.embedModel`
 * pointed at the fake (unless `settingsModels: false`). Each test starts with an empty in-memory store.
 */
export function useLlamaIndex({ settingsModels = true }: HarnessOptions = {}): Harness {
  let fake: FakeOpenAI;
  let llm: OpenAI;
  let embedModel: OpenAIEmbedding;
  beforeAll(async () => {
    configure({ trackingUri: "memory:" });
    autolog();
    fake = await startFakeOpenAI();
    llm = new OpenAI({ model: "gpt-4o-mini", apiKey: "test", baseURL: fake.url, maxRetries: 0 });
    embedModel = new OpenAIEmbedding({ model: "text-embedding-3-small", apiKey: "test", baseURL: fake.url, maxRetries: 0 });
    if (settingsModels) {
      Settings.llm = llm;
      Settings.embedModel = embedModel;
    }
  });
  beforeEach(() => {
    configure({ trackingUri: "memory:" });
  });
  afterEach(async () => {
    await flush();
    fake.reset();
  });
  afterAll(async () => {
    await fake.close();
  });
  return {
    fake: () => fake,
    llm: () => llm,
    embedModel: () => embedModel,
    traces: async () => {
      await flush();
      const found = await new TraceClient().searchTraces({ orderBy: ["timestamp_ms ASC"], maxResults: 100 });
      return found.traces;
    },
  };
}

import OpenAI from "openai";
import { afterAll, afterEach, beforeAll } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../src/index.js";

/** Start one fake server per test file, a client on it, and reset between tests. */
export function useFake(): { fake: () => FakeOpenAI; client: () => OpenAI } {
  let fake: FakeOpenAI;
  let client: OpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    client = new OpenAI({ baseURL: fake.url, apiKey: "sk-test", maxRetries: 0 });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());
  return { fake: () => fake, client: () => client };
}

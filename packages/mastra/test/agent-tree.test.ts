import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { allTraces, makeApp, scriptTwoToolLoop, startFakeOpenAI, treeOf, useMemoryStore } from "./helpers.js";

describe("a two-tool agent loop", () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    autolog();
  });
  afterAll(async () => {
    autolog({ disable: true });
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it("is one AGENT span with a CHAT_MODEL span per step and each tool call under the step that asked for it", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(fake);
    const { agent } = makeApp(fake);
    const result = await agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect(result.text).toBe("The answer is 20");
    const [trace] = await allTraces(client);
    console.log(treeOf(trace));
    console.log(JSON.stringify(trace.toJSON(), null, 1).slice(0, 6000));
  });
});

import { describe, expect, it } from "vitest";
import { useFake } from "./setup.js";

const { fake, client } = useFake();

describe("legacy completions and models", () => {
  it("completes a prompt with usage", async () => {
    const res = await client().completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "Say this is a test" });
    expect(res).toMatchObject({
      id: "cmpl-1",
      object: "text_completion",
      model: "gpt-3.5-turbo-instruct",
      system_fingerprint: "fp_traceloom",
      choices: [{ text: "Echo: Say this is a test", index: 0, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 },
    });
  });

  it("streams a completion with a final usage chunk", async () => {
    fake().script("one two three");
    const stream = await client().completions.create({
      model: "gpt-3.5-turbo-instruct",
      prompt: "count",
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.text ?? "").join("")).toBe("one two three");
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe("stop");
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 } });
  });

  it("lists and retrieves models", async () => {
    const page = await client().models.list();
    expect(page.data.map((m) => m.id)).toEqual([
      "gpt-4o-mini",
      "gpt-4o",
      "gpt-4.1-mini",
      "text-embedding-3-small",
      "gpt-3.5-turbo-instruct",
    ]);
    const model = await client().models.retrieve("gpt-4o");
    expect(model).toMatchObject({ id: "gpt-4o", object: "model", owned_by: "traceloom-testkit" });
  });
});

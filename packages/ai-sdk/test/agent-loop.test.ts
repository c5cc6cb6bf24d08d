import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { agentScript, childrenInOrder, lastTrace, shapeOf, STEP_USAGE, twoTools, useFakeAndStore } from "./helpers.js";
import { MAJORS } from "./majors.js";

const fake = useFakeAndStore();

const EXPECTED_TREE = [
  "generateText AGENT",
  ["chat gpt-4o-mini CHAT_MODEL", "weather TOOL", "chat gpt-4o-mini CHAT_MODEL", "add TOOL", "chat gpt-4o-mini CHAT_MODEL"],
];

function usageOf(step: (typeof STEP_USAGE)[number]) {
  return { input_tokens: step.input, output_tokens: step.output, total_tokens: step.input + step.output };
}

describe.each(MAJORS)("$name: two-tool agent loop", ({ ai, createOpenAI }) => {
  const { generateText, stepCountIs, streamText } = ai;
  it("generateText: three model steps and two tool calls, tokens per step and per trace as the stand-in returned", async () => {
    autolog();
    fake().script(...agentScript());
    const openai = createOpenAI({ baseURL: fake().url, apiKey: "sk-secret-key" });
    const result = await generateText({ model: openai("gpt-4o-mini"), prompt: "Weather in Paris, and 2+3?", tools: twoTools(ai.tool), stopWhen: stepCountIs(5) });
    expect(result.text).toBe("Sunny in Paris, and 2 + 3 = 5.");

    const trace = await lastTrace();
    expect(shapeOf(trace)).toEqual(EXPECTED_TREE);
    const [step1, weather, step2, add, step3] = childrenInOrder(trace);
    expect([step1, step2, step3].map((s) => s.tokenUsage)).toEqual(STEP_USAGE.map(usageOf));
    const total = STEP_USAGE.reduce((t, s) => ({ input_tokens: t.input_tokens + s.input, output_tokens: t.output_tokens + s.output, total_tokens: t.total_tokens + s.input + s.output }), { input_tokens: 0, output_tokens: 0, total_tokens: 0 });
    expect(trace.tokenUsage).toEqual(total);
    expect(JSON.parse(trace.info.metadata["mlflow.trace.tokenUsage"])).toEqual(total);

    // Chat view formats: OpenAI-shaped messages in, an assistant message (with tool calls) out.
    expect(step1.attribute("mlflow.message.format")).toBe("openai");
    expect(step1.attribute("gen_ai.request.model")).toBe("gpt-4o-mini");
    expect(step1.inputs).toMatchObject({ messages: [{ role: "user", content: "Weather in Paris, and 2+3?" }] });
    expect(step1.outputs).toMatchObject({ role: "assistant", tool_calls: [{ id: "call_w", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } }] });
    expect(step3.inputs).toMatchObject({
      messages: [
        { role: "user" },
        { role: "assistant", tool_calls: [{ id: "call_w" }] },
        { role: "tool", tool_call_id: "call_w", content: "Sunny in Paris" },
        { role: "assistant", tool_calls: [{ id: "call_a" }] },
        { role: "tool", tool_call_id: "call_a", content: "5" },
      ],
    });
    expect(step3.outputs).toEqual({ role: "assistant", content: "Sunny in Paris, and 2 + 3 = 5." });
    expect(weather.inputs).toEqual({ city: "Paris" });
    expect(weather.outputs).toBe("Sunny in Paris");
    expect(add.inputs).toEqual({ a: 2, b: 3 });
    expect(add.outputs).toBe(5);
    expect(trace.rootSpan!.outputs).toEqual({ role: "assistant", content: "Sunny in Paris, and 2 + 3 = 5." });
    expect(JSON.stringify(trace.toJSON())).not.toContain("sk-secret-key");
  });

  it("streamText: the same tree, ended when the text stream is consumed", async () => {
    autolog();
    fake().script(...agentScript());
    const openai = createOpenAI({ baseURL: fake().url, apiKey: "test" });
    const result = streamText({ model: openai("gpt-4o-mini"), prompt: "Weather in Paris, and 2+3?", tools: twoTools(ai.tool), stopWhen: stepCountIs(5) });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe("Sunny in Paris, and 2 + 3 = 5.");
    const trace = await lastTrace();
    expect(shapeOf(trace)).toEqual(["streamText AGENT", EXPECTED_TREE[1]]);
    expect(childrenInOrder(trace).filter((s) => s.spanType === "CHAT_MODEL").map((s) => s.tokenUsage)).toEqual(STEP_USAGE.map(usageOf));
  });
});

describe("the call's own telemetry settings (ai 7)", () => {
  const { createOpenAI, ai } = MAJORS[0];
  const { generateText } = ai;
  it("functionId names the operation; recordInputs/recordOutputs: false keep the conversation out of the trace", async () => {
    autolog();
    fake().script("secret answer");
    const openai = createOpenAI({ baseURL: fake().url, apiKey: "test" });
    await generateText({ model: openai("gpt-4o-mini"), prompt: "secret question", telemetry: { functionId: "support-bot", recordInputs: false, recordOutputs: false } });
    const trace = await lastTrace();
    expect(shapeOf(trace)).toEqual(["support-bot CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
    expect(JSON.stringify(trace.toJSON())).not.toMatch(/secret (question|answer)/);
  });
});

describe("ai 6 specifics", () => {
  const { createOpenAI, ai } = MAJORS[1];
  it("a ToolLoopAgent runs generateText: the same tree", async () => {
    autolog();
    fake().script(...agentScript());
    const openai = createOpenAI({ baseURL: fake().url, apiKey: "test" });
    const agent = new (ai as any).ToolLoopAgent({ model: openai("gpt-4o-mini"), tools: twoTools(ai.tool), stopWhen: ai.stepCountIs(5) });
    expect((await agent.generate({ prompt: "Weather in Paris, and 2+3?" })).text).toBe("Sunny in Paris, and 2 + 3 = 5.");
    expect(shapeOf(await lastTrace())).toEqual(EXPECTED_TREE);
  });

  it("experimental_telemetry.functionId names the operation", async () => {
    autolog();
    fake().script("an answer");
    const openai = createOpenAI({ baseURL: fake().url, apiKey: "test" });
    await ai.generateText({ model: openai("gpt-4o-mini"), prompt: "a question", experimental_telemetry: { functionId: "support-bot" } } as never);
    expect(shapeOf(await lastTrace())).toEqual(["support-bot CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
  });
});

import { withSpan, type Span, type Trace } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { allTraces, makeApp, scriptTwoToolLoop, spansInOrder, autologSuite, STEP_USAGE, treeOf, TWO_TOOL_TREE, useMemoryStore } from "./helpers.js";

/** Every span lies within its parent's time range, and siblings start in the order they ran. */
function expectTimesNested(trace: Trace): void {
  const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
  for (const s of trace.spans) {
    expect(s.endTimeNs).toBeGreaterThanOrEqual(s.startTimeNs);
    const parent = s.parentId ? byId.get(s.parentId) : undefined;
    if (!parent) continue;
    expect(s.startTimeNs).toBeGreaterThanOrEqual(parent.startTimeNs);
    expect(s.endTimeNs!).toBeLessThanOrEqual(parent.endTimeNs!);
  }
}

function steps(trace: Trace): Span[] {
  return spansInOrder(trace).filter((s) => s.spanType === "CHAT_MODEL");
}

describe("a two-tool agent loop", () => {
  const suite = autologSuite();

  it("is one AGENT span, a CHAT_MODEL span per model step, each tool call under the step that asked for it", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite());
    const result = await makeApp(suite()).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect(result.text).toBe("The answer is 20");
    const traces = await allTraces(client);
    expect(traces).toHaveLength(1);
    const [trace] = traces;
    expect(treeOf(trace)).toBe(TWO_TOOL_TREE);
    expect(trace.info.state).toBe("OK");
    expect(trace.spans.every((s) => s.status.code === "STATUS_CODE_OK")).toBe(true);
    expectTimesNested(trace);
    // Mastra's own trace ID is ours: a user can look the run up by result.traceId.
    expect(trace.info.traceId).toBe(`tr-${result.traceId}`);
  });

  it("records tokens per step as the stand-in returned them, and their sum for the trace", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite());
    await makeApp(suite()).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    const [trace] = await allTraces(client);
    const usage = steps(trace).map((s) => s.tokenUsage);
    expect(usage).toEqual(STEP_USAGE.map((u) => ({ input_tokens: u.input, output_tokens: u.output, total_tokens: u.input + u.output })));
    const input = STEP_USAGE.reduce((n, u) => n + u.input, 0);
    const output = STEP_USAGE.reduce((n, u) => n + u.output, 0);
    expect(JSON.parse(trace.info.metadata["mlflow.trace.tokenUsage"])).toEqual({ input_tokens: input, output_tokens: output, total_tokens: input + output });
  });

  it("records each step's messages and reply in the chat view's OpenAI format, and tools' arguments and results", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite());
    await makeApp(suite()).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    const [trace] = await allTraces(client);
    const [first, second, third] = steps(trace);
    const call = (id: string, name: string, args: object) => ({ id, type: "function", function: { name, arguments: JSON.stringify(args) } });
    const system = { role: "system", content: "You calculate with tools." };
    const user = { role: "user", content: "What is (2 + 3) * 4?" };
    const afterAdd = [system, user, { role: "assistant", content: "", tool_calls: [call("call_1", "add", { a: 2, b: 3 })] }, { role: "tool", tool_call_id: "call_1", content: '{"sum":5}' }];
    expect(first.inputs).toEqual({ messages: [system, user] });
    expect(first.outputs).toEqual({ role: "assistant", content: "", tool_calls: [call("call_1", "add", { a: 2, b: 3 })] });
    expect(second.inputs).toEqual({ messages: afterAdd });
    expect(third.inputs).toEqual({
      messages: [...afterAdd, { role: "assistant", content: "", tool_calls: [call("call_2", "multiply", { a: 5, b: 4 })] }, { role: "tool", tool_call_id: "call_2", content: '{"product":20}' }],
    });
    expect(third.outputs).toEqual({ role: "assistant", content: "The answer is 20" });
    for (const step of [first, second, third]) expect(step.attributes["mlflow.message.format"]).toBe("openai");
    const agent = trace.spans.find((s) => s.spanType === "AGENT")!;
    expect(agent.inputs).toEqual({ messages: [user] });
    expect(agent.outputs).toMatchObject({ text: "The answer is 20" });
    const tools = spansInOrder(trace).filter((s) => s.spanType === "TOOL");
    expect(tools.map((t) => [t.name, t.inputs, t.outputs])).toEqual([
      ["add", { a: 2, b: 3 }, { sum: 5 }],
      ["multiply", { a: 5, b: 4 }, { product: 20 }],
    ]);
    expect(trace.info.requestPreview).toBe("What is (2 + 3) * 4?");
  });

  it("nests under the active traceloom span, and work traced inside a tool nests under the TOOL span", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite());
    const { agent } = makeApp(suite(), { onAdd: () => withSpan("inside add", () => undefined) });
    await withSpan("request", () => agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 }));
    const traces = await allTraces(client);
    expect(traces).toHaveLength(1);
    expect(treeOf(traces[0])).toBe(
      ["request [UNKNOWN]", ...TWO_TOOL_TREE.split("\n").map((l) => `  ${l}`)].join("\n").replace("      add [TOOL]", "      add [TOOL]\n        inside add [UNKNOWN]"),
    );
  });

  it("marks a failing tool's span as an error, and the run carries on", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite());
    const result = await makeApp(suite(), { failTool: true }).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect(result.text).toBe("The answer is 20");
    const [trace] = await allTraces(client);
    const add = trace.spans.find((s) => s.name === "add")!;
    expect(add.status.code).toBe("STATUS_CODE_ERROR");
    expect(add.events.find((e) => e.name === "exception")?.attributes["exception.message"]).toContain("add is broken");
    const second = steps(trace)[1];
    expect((second.inputs as { messages: Array<{ role: string; content: unknown }> }).messages.at(-1)?.role).toBe("tool");
  });
});

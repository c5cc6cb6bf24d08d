import { agent, agentStreamEvent, stopAgentEvent, type WorkflowEventData } from "@llamaindex/workflow";
import { z } from "@llamaindex/core/zod";
import { toolCallThenAnswer } from "@traceloom/testkit";
import { tool } from "llamaindex";
import { describe, expect, it } from "vitest";
import { useLlamaIndex } from "./support/setup.js";
import { onlySpan, treeOf } from "./support/tree.js";

const h = useLlamaIndex();

const addTool = () =>
  tool({
    name: "add",
    description: "Adds two numbers",
    parameters: z.object({ a: z.number(), b: z.number() }),
    execute: ({ a, b }) => String(a + b),
  });

const failingTool = () =>
  tool({
    name: "lookup",
    description: "Looks something up",
    parameters: z.object({ key: z.string() }),
    execute: () => {
      throw new Error("lookup is down");
    },
  });

const AGENT_TREE = (method: string) =>
  [`AGENT AgentWorkflow(calculator).${method}`, "  CHAT_MODEL OpenAI.chat", "  TOOL add", "  CHAT_MODEL OpenAI.chat"].join("\n");

describe("agent workflow", () => {
  it("traces run() as AGENT → chat model, tool, chat model with inputs and outputs", async () => {
    h.fake().setHandler(toolCallThenAnswer({ name: "add", arguments: { a: 2, b: 3 } }, (r) => `The sum is ${r.at(-1)}`));
    const calculator = agent({ name: "calculator", tools: [addTool()], llm: h.llm() });
    const result = await calculator.run("What is 2 + 3?");
    expect(result.data.result).toBe("The sum is 5");

    const traces = await h.traces();
    expect(traces).toHaveLength(1);
    const trace = traces[0]!;
    expect(treeOf(trace)).toBe(AGENT_TREE("run"));
    expect(trace.rootSpan!.inputs).toEqual({ userInput: "What is 2 + 3?" });
    expect(trace.rootSpan!.outputs).toMatchObject({ result: "The sum is 5" });
    expect(trace.rootSpan!.attribute("agents")).toEqual(["calculator"]);
    const toolSpan = onlySpan(trace, "add");
    expect(toolSpan.inputs).toEqual({ a: 2, b: 3 });
    expect(toolSpan.outputs).toBe("5");
    const [first, second] = trace.searchSpans({ name: "OpenAI.chat" });
    expect(first!.inputs).toMatchObject({ tools: ["add"], stream: true });
    expect(first!.outputs).toMatchObject({ role: "assistant" });
    expect(second!.outputs).toMatchObject({ role: "assistant", content: "The sum is 5" });
  });

  it("ends a runStream() AGENT span when its events have been read, with the steps nested under it", async () => {
    h.fake().setHandler(toolCallThenAnswer({ name: "add", arguments: { a: 4, b: 5 } }, (r) => `The sum is ${r.at(-1)}`));
    const calculator = agent({ name: "calculator", tools: [addTool()], llm: h.llm() });
    // WorkflowStream's declared types omit its (working) Symbol.asyncIterator.
    const events = calculator.runStream("What is 4 + 5?") as unknown as AsyncIterable<WorkflowEventData<unknown>>;
    let streamed = "";
    let final: unknown;
    for await (const event of events) {
      if (agentStreamEvent.include(event)) streamed += event.data.delta;
      if (stopAgentEvent.include(event)) final = event.data.result;
    }
    expect(final).toBe("The sum is 9");
    expect(streamed).toContain("The sum is 9");

    const [trace, ...others] = await h.traces();
    expect(others).toHaveLength(0);
    expect(treeOf(trace!)).toBe(AGENT_TREE("runStream"));
    expect(trace!.rootSpan!.outputs).toMatchObject({ result: "The sum is 9" });
  });

  it("records a failing tool as an ERROR TOOL span while the agent carries on", async () => {
    h.fake().setHandler(toolCallThenAnswer({ name: "lookup", arguments: { key: "x" } }, "The lookup failed."));
    const helper = agent({ name: "helper", tools: [failingTool()], llm: h.llm() });
    const result = await helper.run("Look up x");
    expect(result.data.result).toBe("The lookup failed.");

    const trace = (await h.traces())[0]!;
    const toolSpan = onlySpan(trace, "lookup");
    expect(toolSpan.status.code).toBe("STATUS_CODE_ERROR");
    expect(String(toolSpan.events.find((e) => e.name === "exception")?.attributes["exception.message"])).toContain(
      "lookup is down",
    );
    expect(trace.rootSpan!.status.code).toBe("STATUS_CODE_OK");
  });
});

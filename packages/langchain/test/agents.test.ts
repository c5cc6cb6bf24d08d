import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { tool } from "@langchain/core/tools";
import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { createAgent } from "langchain";
import { withSpan } from "@traceloom/core";
import { toolCallThenAnswer } from "@traceloom/testkit";
import { autolog } from "../src/index.js";
import { autologSuite, fakeChat, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./helpers.js";

const add = tool(async ({ a, b }: { a: number; b: number }) => String(a + b), {
  name: "add",
  description: "Adds two numbers",
  schema: z.object({ a: z.number(), b: z.number() }),
});

describe("tools, agents and LangGraph under autolog", () => {
  const env = autologSuite(fakeChat, (options) => autolog(options));
  beforeEach(() => {
    env().fake.setHandler(toolCallThenAnswer({ name: "add", arguments: { a: 2, b: 3 } }, (results) => `Sum: ${results.at(-1)}`));
  });

  it("traces a hand-written tool-calling loop under the user's span", async () => {
    const client = await useMemoryStore();
    const model = env().model.bindTools([add]);
    const answer = await withSpan({ name: "loop", spanType: "AGENT" }, async () => {
      const messages: BaseMessage[] = [new HumanMessage("add 2 and 3")];
      for (let turn = 0; turn < 3; turn++) {
        const reply = (await model.invoke(messages)) as AIMessage;
        messages.push(reply);
        if (!reply.tool_calls?.length) return reply.content;
        for (const call of reply.tool_calls) messages.push(await add.invoke(call));
      }
      return "no answer";
    });
    expect(answer).toBe("Sum: 5");

    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(["loop [AGENT]", "  ChatOpenAI [CHAT_MODEL]", "  add [TOOL]", "  ChatOpenAI [CHAT_MODEL]"].join("\n"));
    const tool = spanNamed(trace, "add");
    expect(tool.inputs).toEqual({ a: 2, b: 3 });
    expect(tool.outputs).toBe("5");
    expect(tool.attributes.tool_call_id).toBe("call_1");
    const [first] = trace.spans.filter((s) => s.name === "ChatOpenAI").sort((a, b) => a.startTimeNs - b.startTimeNs);
    expect(first.outputs).toEqual({
      role: "assistant",
      content: "",
      tool_calls: [{ id: "call_1", type: "function", function: { name: "add", arguments: '{"a":2,"b":3}' } }],
    });
    expect(first.attributes.invocation_params).toMatchObject({ tools: [{ type: "function", function: { name: "add" } }] });
  });

  it("traces a createAgent agent as AGENT with its LangGraph nodes, model calls and tool", async () => {
    const client = await useMemoryStore();
    const agent = createAgent({ model: env().model, tools: [add] });
    const result = await agent.invoke({ messages: [{ role: "user", content: "add 2 and 3" }] });
    expect(result.messages.at(-1)?.content).toBe("Sum: 5");

    const trace = await onlyTrace(client);
    const root = trace.spans.find((s) => s.parentId === null)!;
    expect(root.spanType).toBe("AGENT");
    expect(root.inputs).toEqual({ messages: [{ role: "user", content: "add 2 and 3" }] });
    const children = trace.spans.filter((s) => s.parentId === root.spanId).sort((a, b) => a.startTimeNs - b.startTimeNs);
    expect(children.map((s) => `${s.name} [${s.spanType}]`)).toEqual(["model_request [CHAIN]", "tools [CHAIN]", "model_request [CHAIN]"]);
    expect(spanNamed(trace, "add").parentId).toBe(children[1].spanId);
    const models = trace.spans.filter((s) => s.name === "ChatOpenAI");
    expect(models).toHaveLength(2);
    expect(new Set(models.map((m) => m.parentId))).toEqual(new Set([children[0].spanId, children[2].spanId]));
    expect(trace.spans.every((s) => s.status.code === "STATUS_CODE_OK")).toBe(true);
  });

  it("names LangGraph node spans after their nodes", async () => {
    const client = await useMemoryStore();
    env().fake.setHandler(() => undefined);
    const graph = new StateGraph(MessagesAnnotation)
      .addNode("draft", async (s) => ({ messages: [await env().model.invoke(s.messages)] }))
      .addNode("review", async () => ({ messages: [new AIMessage("looks good")] }))
      .addEdge(START, "draft")
      .addEdge("draft", "review")
      .addEdge("review", END)
      .compile();
    await graph.invoke({ messages: [new HumanMessage("write a haiku")] }, { runName: "writer" });

    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(["writer [CHAIN]", "  draft [CHAIN]", "    ChatOpenAI [CHAT_MODEL]", "  review [CHAIN]"].join("\n"));
    expect(spanNamed(trace, "review").outputs).toEqual({ messages: [{ role: "assistant", content: "looks good" }] });
    expect((spanNamed(trace, "draft").attributes.metadata as Record<string, unknown>).langgraph_node).toBe("draft");
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { HumanMessage } from "@langchain/core/messages";
import { RunnableLambda } from "@langchain/core/runnables";
import { END, MemorySaver, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { updateCurrentTrace, withSpan } from "@traceloom/core";
import { autolog } from "../src/index.js";
import { sessionOf } from "../src/runs/run-session.js";
import { allTraces, autologSuite, fakeChat, useMemoryStore } from "./helpers.js";

const SESSION = "mlflow.trace.session";

describe("conversations as MLflow sessions", () => {
  const env = autologSuite(fakeChat, (options) => autolog(options));
  beforeEach(() => env().fake.setHandler(() => undefined));

  const chatGraph = () =>
    new StateGraph(MessagesAnnotation)
      .addNode("chat", async (s) => ({ messages: [await env().model.invoke(s.messages)] }))
      .addEdge(START, "chat")
      .addEdge("chat", END)
      .compile({ checkpointer: new MemorySaver() });

  it("records a LangGraph thread_id as each turn's session, one trace per turn", async () => {
    const client = await useMemoryStore();
    const graph = chatGraph();
    for (const [thread, text] of [["thread-a", "hi"], ["thread-b", "hello"], ["thread-a", "and again"]]) {
      await graph.invoke({ messages: [new HumanMessage(text)] }, { configurable: { thread_id: thread } });
    }
    const traces = await allTraces(client);
    expect(traces.map((t) => t.info.metadata[SESSION])).toEqual(["thread-a", "thread-b", "thread-a"]);
  });

  it("keeps a session the user set, and takes session_id from run metadata", async () => {
    const client = await useMemoryStore();
    await withSpan("turn", async () => {
      updateCurrentTrace({ session: "mine" });
      await chatGraph().invoke({ messages: [new HumanMessage("hi")] }, { configurable: { thread_id: "thread-z" } });
    });
    await RunnableLambda.from((x: number) => x + 1).invoke(1, { metadata: { session_id: "s-9" } });
    await RunnableLambda.from((x: number) => x + 1).invoke(1);
    const traces = await allTraces(client);
    expect(traces.map((t) => t.info.metadata[SESSION])).toEqual(["mine", "s-9", undefined]);
  });

  it("reads only non-empty string or number IDs", () => {
    expect(sessionOf({ thread_id: 7 })).toBe("7");
    expect(sessionOf({ thread_id: "", session_id: "s" })).toBe("s");
    expect(sessionOf({ conversation_id: { nested: 1 } })).toBeUndefined();
    expect(sessionOf(undefined)).toBeUndefined();
  });
});

import { run, withTrace } from "@openai/agents";
import { updateCurrentTrace, withSpan } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { useCalcSuite } from "./calc-agent.js";
import { allTraces, onlyTrace, useMemoryStore } from "./trace-helpers.js";

describe("the SDK trace's groupId as the MLflow session", () => {
  const suite = useCalcSuite();

  it("records withTrace's groupId as mlflow.trace.session, and the SDK trace ID", async () => {
    const client = await useMemoryStore();
    suite().fake.script("hello");
    await withTrace("Support chat", () => run(suite().agent, "hi"), { groupId: "conversation-42" });
    const trace = await onlyTrace(client);
    expect(trace.info.metadata["mlflow.trace.session"]).toBe("conversation-42");
    expect(trace.info.metadata["openai_agents.trace_id"]).toMatch(/^trace_/);
    expect(trace.spans[0].name).toBe("Support chat");
  });

  it("keeps a session the user set on the enclosing trace", async () => {
    const client = await useMemoryStore();
    suite().fake.script("hello");
    await withSpan("request", async () => {
      updateCurrentTrace({ metadata: { "mlflow.trace.session": "user-session" } });
      await withTrace("Support chat", () => run(suite().agent, "hi"), { groupId: "conversation-42" });
    });
    const [trace] = await allTraces(client);
    expect(trace.info.metadata["mlflow.trace.session"]).toBe("user-session");
  });
});

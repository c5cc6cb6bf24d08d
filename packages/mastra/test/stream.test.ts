import { nowNs } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { allTraces, makeApp, scriptTwoToolLoop, spansInOrder, autologSuite, STEP_USAGE, treeOf, TWO_TOOL_TREE, useMemoryStore, waitForTraces } from "./helpers.js";

describe("agent.stream", () => {
  const suite = autologSuite();

  it("records the same tree and tokens as generate, and the spans end once the stream is consumed", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite(), { chunkDelayMs: 20 });
    const stream = await makeApp(suite()).agent.stream("What is (2 + 3) * 4?", { maxSteps: 5 });
    const handedBack = nowNs();
    let text = "";
    for await (const chunk of stream.textStream) text += chunk;
    const consumed = nowNs();
    expect(text).toBe("The answer is 20");
    const [trace] = await allTraces(client);
    expect(treeOf(trace)).toBe(TWO_TOOL_TREE);
    const [agent] = spansInOrder(trace);
    expect(agent.endTimeNs!).toBeGreaterThan(handedBack);
    expect(agent.endTimeNs!).toBeLessThanOrEqual(consumed);
    expect(agent.outputs).toMatchObject({ text: "The answer is 20" });
    expect(spansInOrder(trace).filter((s) => s.spanType === "CHAT_MODEL").map((s) => s.tokenUsage?.input_tokens)).toEqual(STEP_USAGE.map((u) => u.input));
  });

  it("ends the run and the open step as cancelled when the caller aborts it", async () => {
    const client = await useMemoryStore();
    suite().script({ text: "one two three four five six seven eight", chunkDelayMs: 40 });
    const abort = new AbortController();
    const stream = await makeApp(suite()).agent.stream("count", { maxSteps: 5, abortSignal: abort.signal });
    const seen: string[] = [];
    for await (const chunk of stream.textStream) {
      seen.push(chunk);
      abort.abort();
    }
    expect(seen.join("").split(" ").length).toBeLessThan(8);
    const [trace] = await allTraces(client);
    expect(treeOf(trace)).toBe(["calc [AGENT]", "  gpt-4o-mini [CHAT_MODEL]"].join("\n"));
    for (const span of trace.spans) expect([span.status.code, span.status.message]).toEqual(["STATUS_CODE_ERROR", "cancelled"]);
    expect(trace.info.state).toBe("ERROR");
  });

  it("ends the run and the failing step as errors when the model call fails mid-run", async () => {
    const client = await useMemoryStore();
    suite().script({ toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }] }, { error: { status: 400, message: "bad request" } });
    const stream = await makeApp(suite()).agent.stream("What is 2 + 3?", { maxSteps: 5 });
    for await (const _chunk of stream.textStream) void _chunk;
    expect(String(await stream.error)).toContain("bad request");
    const [trace] = await allTraces(client);
    expect(treeOf(trace)).toBe(["calc [AGENT]", "  gpt-4o-mini [CHAT_MODEL]", "    add [TOOL]", "  gpt-4o-mini [CHAT_MODEL]"].join("\n"));
    const [agent, first, add, second] = spansInOrder(trace);
    expect([first.status.code, add.status.code]).toEqual(["STATUS_CODE_OK", "STATUS_CODE_OK"]);
    expect(second.status.code).toBe("STATUS_CODE_ERROR");
    expect(agent.status.code).toBe("STATUS_CODE_ERROR");
    expect(agent.events.find((e) => e.name === "exception")?.attributes["exception.message"]).toBe("bad request");
  });

  it("records the whole run when the caller stops reading early: Mastra keeps reading the model to the end", async () => {
    const client = await useMemoryStore();
    suite().script({ text: "one two three four five six", chunkDelayMs: 20 });
    const stream = await makeApp(suite()).agent.stream("count", { maxSteps: 5 });
    for await (const _chunk of stream.textStream) break;
    expect(await stream.text).toBe("one two three four five six");
    const [trace] = await waitForTraces(client, 1);
    expect(trace.info.state).toBe("OK");
    expect(spansInOrder(trace)[0].outputs).toMatchObject({ text: "one two three four five six" });
  });
});

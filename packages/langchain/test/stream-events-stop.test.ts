import { describe, expect, it } from "vitest";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { RunnableLambda } from "@langchain/core/runnables";
import { autolog } from "../src/index.js";
import { pluginState } from "../src/state.js";
import { allTraces, autologSuite, fakeChat, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./helpers.js";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const eventsOf = (span: { events: { name: string }[] }) => span.events.map((e) => e.name);
const SEQUENCE_TREE = ["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]", "  StrOutputParser [PARSER]"].join("\n");

describe("streamEvents() stopped with break", () => {
  const env = autologSuite(fakeChat, (options) => autolog(options));
  const prompt = ChatPromptTemplate.fromTemplate("say {x}");
  const counter = RunnableLambda.from(async function* (n: number) {
    for (let i = 1; i <= n; i++) {
      await tick(1);
      yield i;
    }
  }).withConfig({ runName: "count" });

  it("records the trace, its open runs ending with a cancelled event rather than the abort that follows", async () => {
    const client = await useMemoryStore();
    env().fake.script({ text: "one two three four five six seven eight", chunkDelayMs: 5 });
    const chain = prompt.pipe(env().model).pipe(new StringOutputParser());
    const seen: string[] = [];
    for await (const ev of chain.streamEvents({ x: "hi" }, { version: "v2" })) {
      seen.push(ev.event);
      if (ev.event === "on_chat_model_stream") break;
    }
    expect(seen).toContain("on_chain_start");
    expect(pluginState().runs.size).toBe(0);
    await tick(50);

    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(SEQUENCE_TREE);
    expect(trace.info.state).toBe("OK");
    expect(eventsOf(spanNamed(trace, "RunnableSequence"))).toEqual(["cancelled"]);
    expect(eventsOf(spanNamed(trace, "ChatOpenAI"))).toEqual(["cancelled"]);
    expect(eventsOf(spanNamed(trace, "ChatPromptTemplate"))).toEqual([]);
    expect(trace.spans.map((s) => s.status.code)).toEqual(trace.spans.map(() => "STATUS_CODE_OK"));
  });

  it("a break at the very first event: one trace, the root cancelled, nothing started afterwards recorded", async () => {
    const client = await useMemoryStore();
    const chain = prompt.pipe(env().model).pipe(new StringOutputParser());
    for await (const ev of chain.streamEvents({ x: "hi" }, { version: "v2" })) {
      expect(ev.event).toBe("on_chain_start");
      break;
    }
    await tick(50);
    const trace = await onlyTrace(client);
    expect(trace.spans.map((s) => s.name)).toEqual(["RunnableSequence"]);
    expect(eventsOf(trace.spans[0])).toEqual(["cancelled"]);
    expect(pluginState().runs.size).toBe(0);
  });

  it("keeps the root's streamed chunks as its outputs", async () => {
    const client = await useMemoryStore();
    const read: number[] = [];
    for await (const ev of counter.streamEvents(10, { version: "v2" })) {
      if (ev.event === "on_chain_stream") read.push(ev.data.chunk as number);
      if (read.length === 2) break;
    }
    const count = spanNamed(await onlyTrace(client), "count");
    expect(eventsOf(count)).toEqual(["cancelled"]);
    expect(count.outputs).toEqual([1, 2]);
  });

  it("50 such loops hold no runs and record 50 traces each", async () => {
    const client = await useMemoryStore();
    const chain = prompt.pipe(env().model).pipe(new StringOutputParser());
    for (let i = 0; i < 50; i++) {
      for await (const ev of chain.streamEvents({ x: "hi" }, { version: "v2" })) {
        if (ev.event === "on_chat_model_start") break;
      }
      for await (const ev of counter.streamEvents(5, { version: "v2" })) {
        if (ev.event === "on_chain_stream") break;
      }
    }
    await tick(100);
    expect(pluginState().runs.size).toBe(0);
    const traces = await allTraces(client);
    expect(traces.map((t) => t.spans.find((s) => s.parentId === null)!.name).sort()).toEqual([
      ...Array<string>(50).fill("RunnableSequence"),
      ...Array<string>(50).fill("count"),
    ]);
    for (const t of traces) expect(eventsOf(t.spans.find((s) => s.parentId === null)!).at(-1)).toBe("cancelled");
  });

  it("a server-sent event stream read through a reader and cancelled (a client gone) is recorded as cancelled", async () => {
    const client = await useMemoryStore();
    env().fake.script({ text: "one two three four five six seven eight", chunkDelayMs: 5 });
    const chain = prompt.pipe(env().model).pipe(new StringOutputParser());
    const body = chain.streamEvents({ x: "sse" }, { version: "v2", encoding: "text/event-stream" });
    const reader = body.getReader();
    let text = "";
    while (!text.includes("on_chat_model_stream")) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    await tick(50);
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(SEQUENCE_TREE);
    expect(trace.info.state).toBe("OK");
    expect(eventsOf(spanNamed(trace, "RunnableSequence"))).toEqual(["cancelled"]);
    expect(pluginState().runs.size).toBe(0);
  });

  it("an event stream read to its end is recorded as usual, with no cancelled event", async () => {
    const client = await useMemoryStore();
    const chain = prompt.pipe(env().model).pipe(new StringOutputParser());
    const kinds = new Set<string>();
    for await (const ev of chain.streamEvents({ x: "all" }, { version: "v2" })) kinds.add(ev.event);
    expect(kinds).toContain("on_chain_end");
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(SEQUENCE_TREE);
    expect(trace.spans.flatMap(eventsOf)).toEqual([]);
    expect(spanNamed(trace, "RunnableSequence").outputs).toEqual({ output: "Echo: say all" });
  });
});

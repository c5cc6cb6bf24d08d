import { describe, expect, it } from "vitest";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { RunnableLambda } from "@langchain/core/runnables";
import { getLastTraceId } from "@traceloom/core";
import { autolog } from "../src/index.js";
import { pluginState } from "../src/state.js";
import { autologSuite, fakeChat, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./helpers.js";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const eventsOf = (span: { events: { name: string }[] }) => span.events.map((e) => e.name);
const SEQUENCE_TREE = ["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]", "  StrOutputParser [PARSER]"].join("\n");

describe("a stream stopped before its end", () => {
  const env = autologSuite(fakeChat, (options) => autolog(options));
  const prompt = ChatPromptTemplate.fromTemplate("say {x}");

  it("ends its open runs, deepest first, with a cancelled event when the consumer breaks, and exports the trace", async () => {
    const client = await useMemoryStore();
    env().fake.script({ text: "one two three four five six seven eight", chunkDelayMs: 5 });
    const chain = prompt.pipe(env().model).pipe(new StringOutputParser());
    const read: string[] = [];
    for await (const chunk of await chain.stream({ x: "hi" })) {
      read.push(chunk);
      if (read.length === 3) break;
    }
    expect(pluginState().runs.size).toBe(0);

    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(SEQUENCE_TREE);
    const root = spanNamed(trace, "RunnableSequence");
    const chat = spanNamed(trace, "ChatOpenAI");
    const parser = spanNamed(trace, "StrOutputParser");
    expect(root.outputs).toBe(read.join(""));
    expect(read.join("")).not.toBe("one two three four five six seven eight");
    expect(eventsOf(root)).toEqual(["cancelled"]);
    expect(eventsOf(chat)).toEqual(["cancelled"]);
    expect(eventsOf(parser)).toEqual(["cancelled"]);
    expect(eventsOf(spanNamed(trace, "ChatPromptTemplate"))).toEqual([]);
    expect(String((chat.outputs as { content: string }).content)).toContain(read.join("").trim());
    expect(chat.endTimeNs!).toBeLessThanOrEqual(root.endTimeNs!);
    expect(parser.endTimeNs!).toBeLessThanOrEqual(root.endTimeNs!);
  });

  it("ends the runs of a RunnableLambda's own stream when the consumer breaks", async () => {
    const client = await useMemoryStore();
    const counter = RunnableLambda.from(async function* (n: number) {
      for (let i = 1; i <= n; i++) yield i;
    }).withConfig({ runName: "count" });
    const read: unknown[] = [];
    for await (const n of await counter.stream(10)) {
      read.push(n);
      if (read.length === 2) break;
    }
    expect(read).toEqual([1, 2]);
    expect(pluginState().runs.size).toBe(0);
    const count = spanNamed(await onlyTrace(client), "count");
    expect(eventsOf(count)).toEqual(["cancelled"]);
    expect(count.outputs).toEqual([1, 2]);
  });

  it("records no cancelled event for a stream read to its end, even when returned afterwards", async () => {
    const client = await useMemoryStore();
    const chain = prompt.pipe(env().model).pipe(new StringOutputParser());
    const stream = await chain.stream({ x: "all" });
    const read: string[] = [];
    for await (const chunk of stream) read.push(chunk);
    await stream.return();
    const trace = await onlyTrace(client);
    expect(trace.spans.flatMap(eventsOf)).toEqual([]);
    expect(spanNamed(trace, "RunnableSequence").outputs).toEqual({ output: read.join("") });
  });

  it("ends the runs of a stream dropped unread as abandoned when it is garbage-collected", async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, "run with --expose-gc").toBeTypeOf("function");
    const client = await useMemoryStore();
    env().fake.script({ text: "never read at all", chunkDelayMs: 5 });
    const before = getLastTraceId();
    await (async () => {
      await prompt.pipe(env().model).pipe(new StringOutputParser()).stream({ x: "dropped" });
    })();
    for (let i = 0; i < 100 && getLastTraceId() === before; i++) {
      gc!();
      await tick(10);
    }
    expect(pluginState().runs.size).toBe(0);
    const trace = await onlyTrace(client);
    expect(eventsOf(spanNamed(trace, "RunnableSequence"))).toEqual(["abandoned"]);
  });
});

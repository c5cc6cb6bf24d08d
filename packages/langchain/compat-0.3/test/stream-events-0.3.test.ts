import { describe, expect, it } from "vitest";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { RunnableLambda } from "@langchain/core/runnables";
import { autolog } from "@traceloom/langchain";
import { allTraces, autologSuite, fakeChat, onlyTrace, treeOf, useMemoryStore } from "./helpers.js";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Runs a `for await` that breaks, letting through LangChain 0.3's own `Error("Aborted")`: its streamEvents() rethrows
 * the abort it sends itself on `break` when a read was pending (untraced too, e.g. prompt | model; 1.x catches it).
 */
async function breakTolerant(loop: () => Promise<void>): Promise<void> {
  try {
    await loop();
  } catch (err) {
    if ((err as Error).message !== "Aborted") throw err;
  }
}

const rootOf = (t: { spans: { parentId: string | null; name: string; events: { name: string }[] }[] }) => t.spans.find((s) => s.parentId === null)!;

describe("streamEvents() stopped with break, @langchain/core 0.3", () => {
  const env = autologSuite(fakeChat, (options) => autolog(options));
  const prompt = ChatPromptTemplate.fromTemplate("say {x}");

  it("records the trace with the open runs cancelled, not failed", async () => {
    const client = await useMemoryStore();
    env().fake.script({ text: "one two three four five six seven eight", chunkDelayMs: 5 });
    const chain = prompt.pipe(env().model).pipe(new StringOutputParser());
    await breakTolerant(async () => {
      for await (const ev of chain.streamEvents({ x: "hi" }, { version: "v2" })) {
        if (ev.event === "on_chat_model_stream") break;
      }
    });
    await tick(50);
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]", "  StrOutputParser [PARSER]"].join("\n"));
    expect(trace.info.state).toBe("OK");
    expect(rootOf(trace).events.map((e) => e.name)).toEqual(["cancelled"]);
  });

  it("a generator's event stream stopped 20 times gives 20 cancelled traces", async () => {
    const client = await useMemoryStore();
    const counter = RunnableLambda.from(async function* (n: number) {
      for (let i = 1; i <= n; i++) {
        await tick(1);
        yield i;
      }
    }).withConfig({ runName: "count" });
    for (let i = 0; i < 20; i++) {
      await breakTolerant(async () => {
        for await (const ev of counter.streamEvents(5, { version: "v2" })) {
          if (ev.event === "on_chain_stream") break;
        }
      });
    }
    await tick(50);
    const traces = await allTraces(client);
    expect(traces.map((t) => rootOf(t).name)).toEqual(Array<string>(20).fill("count"));
    for (const t of traces) expect(rootOf(t).events.map((e) => e.name)).toEqual(["cancelled"]);
  });
});

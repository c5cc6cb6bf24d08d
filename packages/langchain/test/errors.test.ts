import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tool } from "@langchain/core/tools";
import { RunnableLambda } from "@langchain/core/runnables";
import { autolog } from "../src/index.js";
import { autologSuite, fakeChat, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./helpers.js";

describe("failures under autolog", () => {
  const env = autologSuite(fakeChat, (options) => autolog(options));

  it("records a failing model call as an exception event with status ERROR, and rethrows the same error", async () => {
    const client = await useMemoryStore();
    env().fake.script({ error: { status: 400, message: "bad request from the fake" } });
    const chain = RunnableLambda.from((q: string) => q.trim()).withConfig({ runName: "clean" }).pipe(env().model);
    const error = await chain.invoke(" hi ").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("bad request from the fake");

    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(["RunnableSequence [CHAIN]", "  clean [CHAIN]", "  ChatOpenAI [CHAT_MODEL]"].join("\n"));
    expect(trace.info.state).toBe("ERROR");
    const chat = spanNamed(trace, "ChatOpenAI");
    expect(chat.status.code).toBe("STATUS_CODE_ERROR");
    const event = chat.events.find((e) => e.name === "exception")!;
    expect(String(event.attributes["exception.message"])).toContain("bad request from the fake");
    expect(spanNamed(trace, "RunnableSequence").status.code).toBe("STATUS_CODE_ERROR");
    expect(spanNamed(trace, "clean").status.code).toBe("STATUS_CODE_OK");
  });

  it("records a throwing tool as a failed TOOL span", async () => {
    const client = await useMemoryStore();
    const explode = tool(async (): Promise<string> => { throw new RangeError("out of range: 7"); }, {
      name: "explode",
      description: "always fails",
      schema: z.object({ x: z.number() }),
    });
    await expect(explode.invoke({ x: 7 })).rejects.toThrow("out of range: 7");

    const span = spanNamed(await onlyTrace(client), "explode");
    expect(span.spanType).toBe("TOOL");
    expect(span.inputs).toEqual({ x: 7 });
    expect(span.status).toEqual({ code: "STATUS_CODE_ERROR", message: "RangeError: out of range: 7" });
    expect(span.events[0].attributes["exception.type"]).toBe("RangeError");
  });
});

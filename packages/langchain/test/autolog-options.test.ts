import Module, { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CallbackManager } from "@langchain/core/callbacks/manager";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { BaseLLM } from "@langchain/core/language_models/llms";
import { ChatOpenAI } from "@langchain/openai";
import { Runnable, RunnableLambda } from "@langchain/core/runnables";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { configure } from "@traceloom/core";
import { autolog, TraceloomCallbackHandler } from "../src/index.js";
import { allTraces, fakeChat, onlyTrace, treeOf, useMemoryStore } from "./helpers.js";

/** The prototype in `proto`'s chain that defines `key` itself. */
function ownerOf(proto: object, key: string): object {
  for (let p: object | null = proto, depth = 0; p && depth < 50; p = Object.getPrototypeOf(p), depth++) {
    if (Object.prototype.hasOwnProperty.call(p, key)) return p;
  }
  throw new Error(`no prototype defines ${key}`);
}

/** What autolog patches, and how each property looked before any test of this file called autolog(). */
const PATCHED: [string, object, string][] = [
  ["require", Module.prototype, "require"],
  ["_configureSync", CallbackManager, "_configureSync"],
  ["runWithConfig", Object.getPrototypeOf(AsyncLocalStorageProviderSingleton) as object, "runWithConfig"],
  ["BaseChatModel._generateUncached", BaseChatModel.prototype, "_generateUncached"],
  ["BaseChatModel._streamIterator", BaseChatModel.prototype, "_streamIterator"],
  ["BaseLLM._generateUncached", BaseLLM.prototype, "_generateUncached"],
  ["ChatOpenAI._generate", ownerOf(ChatOpenAI.prototype, "_generate"), "_generate"],
  ["ChatOpenAI._streamResponseChunks", ownerOf(ChatOpenAI.prototype, "_streamResponseChunks"), "_streamResponseChunks"],
  ["Runnable.stream", Runnable.prototype, "stream"],
  ["RunnableLambda.stream", RunnableLambda.prototype, "stream"],
];
const descriptors = () => Object.fromEntries(PATCHED.map(([name, target, key]) => [name, Object.getOwnPropertyDescriptor(target, key)]));
const pristine = descriptors();

const shout = RunnableLambda.from((s: string) => s.toUpperCase()).withConfig({ runName: "shout" });

describe("autolog options and wiring", () => {
  let env: Awaited<ReturnType<typeof fakeChat>>;
  beforeAll(async () => {
    env = await fakeChat();
  });
  afterEach(() => autolog({ disable: true }));
  afterAll(async () => env.fake.close());

  it("is idempotent: a second call does not add a second handler or a second span", async () => {
    autolog();
    autolog();
    const client = await useMemoryStore();
    await shout.invoke("a");
    expect(treeOf(await onlyTrace(client))).toBe("shout [CHAIN]");
  });

  it("records nothing with logTraces: false, and LangChain returns the same values", async () => {
    autolog({ logTraces: false });
    const client = await useMemoryStore();
    expect(await shout.invoke("quiet")).toBe("QUIET");
    expect(await env.model.invoke("hi")).toMatchObject({ content: "Echo: hi" });
    expect(await allTraces(client)).toHaveLength(0);
  });

  it("logs none of its warnings with silent: true, and logs them again once silent is off", async () => {
    const lines: string[] = [];
    await configure({ trackingUri: "memory:", logger: (line) => lines.push(line) });
    const touchy = {
      get field(): string {
        throw new Error("getter exploded");
      },
    };
    const echo = RunnableLambda.from(() => "ok").withConfig({ runName: "echo" });
    autolog({ silent: true });
    expect(await echo.invoke(touchy)).toBe("ok");
    expect(lines).toEqual([]);
    autolog();
    expect(await echo.invoke(touchy)).toBe("ok");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("internal error in the LangChain handler (chain-start)");
    expect(lines[0]).toContain("getter exploded");
  });

  it("puts LangChain back as it was on disable: require, _configureSync, the model, stream and context patches", async () => {
    autolog();
    await env.model.invoke("patch the model class");
    const patched = descriptors();
    for (const [name] of PATCHED) expect(patched[name]?.value, name).not.toBe(pristine[name]?.value);
    autolog({ disable: true });
    expect(descriptors()).toEqual(pristine);
    const client = await useMemoryStore();
    await shout.invoke("off");
    await env.model.invoke("off");
    expect(await allTraces(client)).toHaveLength(0);
  });

  it("traces with an explicitly passed handler alone, and never twice when autolog is on too", async () => {
    const client = await useMemoryStore();
    await shout.invoke("x", { callbacks: [new TraceloomCallbackHandler()] });
    expect(treeOf(await onlyTrace(client))).toBe("shout [CHAIN]");

    autolog();
    const again = await useMemoryStore();
    const chain = shout.pipe(RunnableLambda.from((s: string) => `${s}!`).withConfig({ runName: "bang" }));
    await chain.invoke("y", { callbacks: [new TraceloomCallbackHandler()] });
    await shout.invoke("z", { callbacks: [new TraceloomCallbackHandler()] });
    const traces = await allTraces(again);
    expect(traces.map(treeOf)).toEqual([["RunnableSequence [CHAIN]", "  shout [CHAIN]", "  bang [CHAIN]"].join("\n"), "shout [CHAIN]"]);
  });

  it("traces runs started from timers scheduled before autolog() was called", async () => {
    const client = await useMemoryStore();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ran = new Promise<string>((resolve) => setTimeout(() => void gate.then(() => shout.invoke("later").then(resolve)), 0));
    autolog();
    release();
    expect(await ran).toBe("LATER");
    expect(treeOf(await onlyTrace(client))).toBe("shout [CHAIN]");
  });

  it("traces runs of the CommonJS copy of @langchain/core loaded before autolog(), beside the ESM copy", async () => {
    const cjs = createRequire(import.meta.url)("@langchain/core/runnables") as typeof import("@langchain/core/runnables");
    expect(cjs.RunnableLambda).not.toBe(RunnableLambda);
    autolog();
    const client = await useMemoryStore();
    await cjs.RunnableLambda.from((n: number) => n + 1).withConfig({ runName: "cjs_inc" }).invoke(1);
    await shout.invoke("esm");
    expect((await allTraces(client)).map(treeOf)).toEqual(["cjs_inc [CHAIN]", "shout [CHAIN]"]);
  });
});

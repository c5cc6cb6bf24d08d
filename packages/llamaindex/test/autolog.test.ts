import { configure } from "@traceloom/core";
import { CallbackManager, Settings as CoreSettings } from "@llamaindex/core/global";
import { OpenAI } from "@llamaindex/openai";
import { Settings } from "llamaindex";
import { SimpleChatEngine } from "@llamaindex/core/chat-engine";
import { describe, expect, it } from "vitest";
import { autolog, autologStatus } from "../src/index.js";
import { useLlamaIndex } from "./support/setup.js";
import { onlySpan, treeOf } from "./support/tree.js";

const h = useLlamaIndex();

const ask = (engine: SimpleChatEngine, message: string) => engine.chat({ message }).then((r) => r.message.content);

describe("autolog options", () => {
  it("is idempotent: a second call patches nothing more and records each call once", async () => {
    const before = autologStatus();
    autolog();
    expect(autologStatus()).toEqual(before);
    expect(before.installed).toBe(true);
    h.fake().script("One.");
    expect(await ask(new SimpleChatEngine({ llm: h.llm() }), "Say one")).toBe("One.");
    expect((await h.traces()).map(treeOf)).toEqual(["CHAIN SimpleChatEngine.chat\n  CHAT_MODEL OpenAI.chat"]);
  });

  it("records nothing with logTraces: false, and the program behaves the same", async () => {
    autolog({ logTraces: false });
    try {
      h.fake().script("Quiet.");
      expect(await ask(new SimpleChatEngine({ llm: h.llm() }), "Say quiet")).toBe("Quiet.");
      expect(h.fake().requests).toHaveLength(1);
      expect(await h.traces()).toEqual([]);
    } finally {
      autolog();
    }
    h.fake().script("Loud.");
    expect(await ask(new SimpleChatEngine({ llm: h.llm() }), "Say loud")).toBe("Loud.");
    expect(await h.traces()).toHaveLength(1);
  });

  it("restores LlamaIndex's own methods with disable: true, and instruments again afterwards", async () => {
    const tracedDispatch = CallbackManager.prototype.dispatchEvent;
    autolog({ disable: true });
    try {
      expect(autologStatus()).toEqual({ installed: false, patches: 0 });
      expect(CallbackManager.prototype.dispatchEvent).not.toBe(tracedDispatch);
      expect(CallbackManager.prototype.dispatchEvent.toString()).toContain("queueMicrotask");
      expect(Object.getOwnPropertyDescriptor(CoreSettings, "llm")?.get?.toString()).toContain("getLLM()");
      expect(Object.getOwnPropertyDescriptor(h.llm(), "chat")?.value.toString()).toContain("withEventCaller");
      h.fake().script("Untraced.");
      expect(await ask(new SimpleChatEngine({ llm: h.llm() }), "Say untraced")).toBe("Untraced.");
      expect(await h.traces()).toEqual([]);
    } finally {
      autolog();
    }
    expect(autologStatus().patches).toBeGreaterThan(10);
    h.fake().script("Traced.");
    expect(await ask(new SimpleChatEngine({ llm: h.llm() }), "Say traced")).toBe("Traced.");
    expect((await h.traces()).map(treeOf)).toEqual(["CHAIN SimpleChatEngine.chat\n  CHAT_MODEL OpenAI.chat"]);
  });
});

/** A model whose own `chat` cannot be replaced: instrumenting it fails, and the plugin warns. */
function unpatchableModel(): object {
  const model = { complete: async () => ({ text: "" }), metadata: { model: "frozen" } };
  return Object.defineProperty(model, "chat", { value: async () => ({ message: { role: "assistant", content: "" } }) });
}

describe("silent", () => {
  it("silent: true keeps the plugin's own warnings quiet; once it is off, the same warning is logged", () => {
    const warnings: string[] = [];
    configure({ trackingUri: "memory:", logger: (line) => warnings.push(line) });
    try {
      autolog({ silent: true });
      Settings.llm = unpatchableModel() as typeof Settings.llm;
      expect(warnings).toEqual([]);
      autolog();
      Settings.llm = unpatchableModel() as typeof Settings.llm;
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain("could not instrument chat");
    } finally {
      Settings.llm = h.llm();
      configure({ logger: (line) => console.warn(line) });
    }
  });
});

describe("callback managers", () => {
  it("still traces, and still feeds the user's handlers, when Settings.callbackManager is replaced", async () => {
    const original = Settings.callbackManager;
    const mine = new CallbackManager();
    const seen: string[] = [];
    mine.on("llm-end", (event) => seen.push(String((event.detail.response as { message: { content: string } }).message.content)));
    Settings.callbackManager = mine;
    try {
      h.fake().script("Replaced.");
      expect(await ask(new SimpleChatEngine({ llm: h.llm() }), "Say replaced")).toBe("Replaced.");
      await new Promise((resolve) => setImmediate(resolve));
      expect(seen).toEqual(["Replaced."]);
      expect((await h.traces()).map(treeOf)).toEqual(["CHAIN SimpleChatEngine.chat\n  CHAT_MODEL OpenAI.chat"]);
    } finally {
      Settings.callbackManager = original;
    }
  });

  it("traces a model built before autolog(): its first call from events, later ones through the instrumented instance", async () => {
    autolog({ disable: true });
    const early = new OpenAI({ model: "gpt-4o-mini", apiKey: "test", baseURL: h.fake().url, maxRetries: 0 });
    autolog();
    h.fake().script({ text: "First.", usage: { input: 3, output: 1 } }, { text: "Second.", usage: { input: 4, output: 1 } });
    await Settings.withCallbackManager(new CallbackManager(), async () => {
      await early.chat({ messages: [{ role: "user", content: "first" }] });
      await early.chat({ messages: [{ role: "user", content: "second" }] });
    });
    const traces = await h.traces();
    expect(traces.map(treeOf)).toEqual(["CHAT_MODEL OpenAI.chat", "CHAT_MODEL OpenAI.chat"]);
    const [first, second] = traces.map((t) => onlySpan(t, "OpenAI.chat"));
    expect(first!.inputs).toEqual({ messages: [{ role: "user", content: "first" }] });
    expect(first!.outputs).toMatchObject({ role: "assistant", content: "First." });
    expect(first!.tokenUsage).toEqual({ input_tokens: 3, output_tokens: 1, total_tokens: 4 });
    expect(second!.inputs).toEqual({ messages: [{ role: "user", content: "second" }] });
    expect(second!.outputs).toMatchObject({ role: "assistant", content: "Second." });
    expect(first!.attribute("model")).toBeUndefined();
    expect(second!.attribute("model")).toBe("gpt-4o-mini");
  });
});

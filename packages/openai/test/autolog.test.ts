import { describe, expect, it, vi } from "vitest";
import { autolog, tracedOpenAI } from "../src/index.js";
import { allTraces, loadSdk, makeClient, user, useFakeAndStore } from "./helpers.js";

const fake = useFakeAndStore();

describe("autolog() options and tracedOpenAI()", () => {
  it("logTraces:false records nothing, disable:true restores the SDK's own methods, repeated calls patch once", async () => {
    const v = await loadSdk(7);
    const client = makeClient(v, fake());
    const proto = Object.getPrototypeOf(client.chat.completions);
    const original = proto.create;
    const call = () => client.chat.completions.create({ model: "m", messages: user("hi") });

    autolog({ openai: v.sdk });
    autolog({ openai: v.sdk });
    const patched = proto.create;
    expect(patched).not.toBe(original);
    expect(patched.name).toBe(original.name);
    await call();
    expect(await allTraces()).toHaveLength(1);

    autolog({ openai: v.sdk, logTraces: false });
    expect(proto.create).toBe(patched);
    const quiet = await call();
    expect(quiet.choices[0].message.content).toBe("Echo: hi");
    expect(await allTraces()).toHaveLength(1);

    autolog({ disable: true });
    expect(proto.create).toBe(original);
    await call();
    expect(await allTraces()).toHaveLength(1);

    autolog({ openai: v.sdk });
    await call();
    expect(await allTraces()).toHaveLength(2);
  });

  it("tracedOpenAI traces one client only, and a call once even with autolog on", async () => {
    const v = await loadSdk(6);
    const traced = tracedOpenAI(makeClient(v, fake()));
    const plain = makeClient(v, fake());
    await plain.chat.completions.create({ model: "m", messages: user("plain") });
    expect(await allTraces()).toHaveLength(0);

    await traced.chat.completions.create({ model: "m", messages: user("traced") });
    await traced.responses.create({ model: "m", input: "traced" });
    expect((await allTraces()).map((t) => t.spans.length)).toEqual([1, 1]);

    autolog({ openai: v.sdk });
    await traced.embeddings.create({ model: "e", input: "both on" });
    const traces = await allTraces();
    expect(traces).toHaveLength(3);
    expect(traces[2].spans.map((s) => s.name)).toEqual(["Embeddings"]);
    expect(tracedOpenAI(traced)).toBe(traced);
  });

  it("patches every copy it is handed, leaving the others alone", async () => {
    const [v4, v5] = await Promise.all([loadSdk(4), loadSdk(5)]);
    autolog({ openai: [v4.sdk] });
    await makeClient(v5, fake()).chat.completions.create({ model: "m", messages: user("v5") });
    expect(await allTraces()).toHaveLength(0);
    await makeClient(v4, fake()).chat.completions.create({ model: "m", messages: user("v4") });
    expect(await allTraces()).toHaveLength(1);
  });

  it("silent: true keeps the plugin's own warnings quiet; without it the same warning is logged, once", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      class Unpatchable {
        constructor() {
          throw new Error("this is not an OpenAI client");
        }
      }
      autolog({ openai: Unpatchable, silent: true });
      expect(warn).not.toHaveBeenCalled();
      autolog({ openai: Unpatchable });
      autolog({ openai: Unpatchable });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toContain("could not patch a copy of the openai package");
    } finally {
      warn.mockRestore();
    }
  });
});

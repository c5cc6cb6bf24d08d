import Module, { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { addRequireListener, configure, removeRequireListener, type RequireListener } from "@traceloom/core";
import { autolog as autologOpenAI } from "@traceloom/openai";
import { autolog } from "../src/index.js";

type RequireFn = (this: Module, id: string) => unknown;
const proto = Module.prototype as unknown as { require: RequireFn };
const pristine = proto.require;
const require = createRequire(import.meta.url);

describe("one require hook shared by the LangChain and OpenAI autologs", () => {
  afterEach(() => {
    autolog({ disable: true });
    autologOpenAI({ disable: true });
  });

  it("restores require after both are disabled, in the reviewer's order, and after another cycle", () => {
    autolog();
    autologOpenAI();
    autolog({ disable: true });
    autologOpenAI({ disable: true });
    expect(proto.require).toBe(pristine);
    autolog();
    autolog({ disable: true });
    expect(proto.require).toBe(pristine);
  });

  it("restores require whichever plugin is disabled first, and never stacks a second wrapper", () => {
    autologOpenAI();
    const hooked = proto.require;
    expect(hooked).not.toBe(pristine);
    autolog();
    autologOpenAI({ disable: true });
    autologOpenAI();
    autolog();
    expect(proto.require).toBe(hooked);
    autologOpenAI({ disable: true });
    expect(proto.require).toBe(hooked);
    autolog({ disable: true });
    expect(proto.require).toBe(pristine);
  });
});

describe("core's require hook", () => {
  it("tells listeners the id, exports and resolved file of each require, until they leave", () => {
    const seen: [string, unknown, string | undefined][] = [];
    const listener: RequireListener = (id, exports, filename) => {
      if (id === "zod") seen.push([id, exports, filename]);
    };
    addRequireListener(listener);
    addRequireListener(listener);
    const zod = require("zod") as unknown;
    removeRequireListener(listener);
    require("zod");
    expect(seen).toEqual([["zod", zod, require.resolve("zod")]]);
    expect(proto.require).toBe(pristine);
  });

  it("keeps loading modules when a listener throws, and logs it once", async () => {
    const lines: string[] = [];
    await configure({ trackingUri: "memory:", logger: (line) => lines.push(line) });
    const failing: RequireListener = () => {
      throw new Error("listener bug");
    };
    addRequireListener(failing);
    try {
      expect(require("zod")).toHaveProperty("object");
      expect(require("zod")).toHaveProperty("object");
    } finally {
      removeRequireListener(failing);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("listener bug");
  });

  it("stays in the chain, inert, when someone wrapped require after it, and leaves once it is on top again", () => {
    const calls: string[] = [];
    const listener: RequireListener = (id) => {
      if (id === "zod") calls.push(id);
    };
    addRequireListener(listener);
    const ours = proto.require;
    const theirs: RequireFn = function (this: Module, id: string) {
      return ours.call(this, id);
    };
    proto.require = theirs;
    removeRequireListener(listener);
    expect(proto.require).toBe(theirs);
    require("zod");
    expect(calls).toEqual([]);
    proto.require = ours;
    addRequireListener(listener);
    expect(proto.require).toBe(ours);
    require("zod");
    expect(calls).toEqual(["zod"]);
    removeRequireListener(listener);
    expect(proto.require).toBe(pristine);
  });
});

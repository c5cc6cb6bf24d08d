import { AsyncLocalStorage } from "node:async_hooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getCurrentSpan, registerActiveSpanSource, startSpan, withSpan, type LiveSpan } from "../src/index.js";
import { lastTrace, parentNames, useMemoryStore } from "./helpers.js";

/** A stand-in for a framework that keeps its own current span (as the OpenAI Agents SDK does). */
const frameworkContext = new AsyncLocalStorage<LiveSpan>();
let unregister: (() => void) | undefined;

beforeEach(async () => {
  await useMemoryStore();
  unregister = registerActiveSpanSource(() => frameworkContext.getStore());
});
afterEach(() => unregister?.());

describe("registerActiveSpanSource", () => {
  it("nests work inside a framework span under it, and the user's span inside the framework span under the user's", async () => {
    await withSpan("user_root", async () => {
      const model = startSpan("framework_model");
      await frameworkContext.run(model, async () => {
        expect(getCurrentSpan()).toBe(model);
        withSpan("request", () => undefined);
        await withSpan("user_inner", async () => {
          withSpan("leaf", () => undefined);
        });
      });
      model.end();
    });
    const names = parentNames(await lastTrace());
    expect(names).toEqual({ user_root: null, framework_model: "user_root", request: "framework_model", user_inner: "framework_model", leaf: "user_inner" });
  });

  it("ignores an ended framework span and a source that throws", async () => {
    const stop = registerActiveSpanSource(() => {
      throw new Error("broken source");
    });
    try {
      const old = startSpan("ended");
      old.end();
      await frameworkContext.run(old, () => withSpan("fresh", () => undefined));
      expect(parentNames(await lastTrace())).toEqual({ fresh: null });
    } finally {
      stop();
    }
  });
});

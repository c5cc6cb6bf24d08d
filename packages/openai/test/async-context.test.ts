import { getCurrentSpan, withSpan } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { lastTrace, loadSdk, SECRET_KEY, user, useFakeAndStore } from "./helpers.js";

const fake = useFakeAndStore();

// traceloom's AsyncLocalStorage (process-wide core state). On Node before 24 it has an `enabled` flag: once run, Node
// installs promise hooks that slow every promise of the process.
const coreState = () => (globalThis as unknown as Record<symbol, { als: { enabled?: boolean } }>)[Symbol.for("traceloom.core.state.v1")];

/** A client whose fetch notes the span active while the SDK sends each request. */
async function clientSeeingSpans() {
  const v = await loadSdk(7);
  const seen: (string | undefined)[] = [];
  const client = new v.sdk.OpenAI({
    baseURL: fake().url,
    apiKey: SECRET_KEY,
    maxRetries: 0,
    fetch: (url: string, init: RequestInit) => {
      seen.push(getCurrentSpan()?.name);
      return fetch(url, init);
    },
  });
  autolog({ openai: v.sdk });
  return { client, seen };
}

describe("async context of SDK requests", () => {
  it("records root calls without ever turning on traceloom's async context (no promise hooks from autolog alone)", async () => {
    const { client, seen } = await clientSeeingSpans();
    await client.chat.completions.create({ model: "m", messages: user("one") });
    await client.chat.completions.create({ model: "m", messages: user("two") });
    const t = await lastTrace();
    expect(t.spans.map((s) => s.name)).toEqual(["ChatCompletions"]);
    expect(t.rootSpan!.inputs).toEqual({ model: "m", messages: user("two") });
    expect(seen).toEqual([undefined, undefined]);
    if ("enabled" in coreState().als) expect(coreState().als.enabled).toBe(false);
  });

  it("makes the request's span active inside the SDK when it has a parent, so work inside nests under it", async () => {
    const { client, seen } = await clientSeeingSpans();
    await withSpan("agent", () => client.chat.completions.create({ model: "m", messages: user("nested") }));
    const t = await lastTrace();
    expect(t.spans.map((s) => s.name)).toEqual(["agent", "ChatCompletions"]);
    expect(t.spans[1].parentId).toBe(t.spans[0].spanId);
    expect(seen).toEqual(["ChatCompletions"]);
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { getCurrentSpan, startSpan, trace, withSpan } from "../src/index.js";
import { allTraces, lastTrace, parentNames, tick, useMemoryStore } from "./helpers.js";

beforeEach(async () => {
  await useMemoryStore();
});

describe("parent/child from the async context", () => {
  it("nests across await, Promise.all and timers", async () => {
    const leaf = trace(async function leaf(n: number) {
      await tick(1);
      return n * 2;
    });
    const viaTimer = () =>
      new Promise<number>((resolve) => setTimeout(() => resolve(withSpan("in_timer", () => 7)), 1));
    const root = trace(async function root() {
      const [a, b] = await Promise.all([leaf(1), leaf(2)]);
      await tick(2);
      const c = await withSpan("after_await", async () => {
        await tick(1);
        return leaf(3);
      });
      const d = await viaTimer();
      return a + b + c + d;
    });
    expect(await root()).toBe(2 + 4 + 6 + 7);
    const t = await lastTrace();
    expect(t.spans.map((s) => s.name).sort()).toEqual(["after_await", "in_timer", "leaf", "leaf", "leaf", "root"]);
    const byName = parentNames(t);
    expect(byName.root).toBeNull();
    expect(byName.after_await).toBe("root");
    expect(byName.in_timer).toBe("root");
    const leaves = t.spans.filter((s) => s.name === "leaf");
    const afterAwait = t.spans.find((s) => s.name === "after_await")!;
    expect(leaves.filter((l) => l.parentId === t.rootSpan!.spanId)).toHaveLength(2);
    expect(leaves.filter((l) => l.parentId === afterAwait.spanId)).toHaveLength(1);
    expect(leaves.map((l) => l.outputs).sort()).toEqual([2, 4, 6]);
  });

  it("nests spans created inside sync and async generators under the generator's span", async () => {
    const step = trace(function step(i: number) {
      return i;
    });
    const gen = trace(function* numbers(n: number) {
      for (let i = 0; i < n; i++) yield step(i);
    });
    const agen = trace(async function* stream(n: number) {
      for (let i = 0; i < n; i++) {
        await tick(1);
        yield step(i * 10);
      }
    });
    const root = trace(async function consume() {
      const a = [...gen(3)];
      const b: number[] = [];
      for await (const x of agen(2)) b.push(x);
      return [...a, ...b];
    });
    expect(await root()).toEqual([0, 1, 2, 0, 10]);
    const t = await lastTrace();
    const numbers = t.spans.find((s) => s.name === "numbers")!;
    const stream = t.spans.find((s) => s.name === "stream")!;
    expect(numbers.outputs).toEqual([0, 1, 2]);
    expect(stream.outputs).toEqual([0, 10]);
    expect(t.childrenOf(numbers.spanId).map((s) => s.name)).toEqual(["step", "step", "step"]);
    expect(t.childrenOf(stream.spanId).map((s) => s.name)).toEqual(["step", "step"]);
    expect(numbers.parentId).toBe(t.rootSpan!.spanId);
  });

  it("keeps 1,000 concurrent traces apart", async () => {
    const child = trace(async function child(id: number) {
      await tick(id % 3);
      return getCurrentSpan()?.traceId;
    });
    const root = trace(async function request(id: number) {
      const mine = getCurrentSpan()!.traceId;
      await tick(Math.floor(Math.random() * 3));
      const seen = await Promise.all([child(id), child(id)]);
      return seen.every((x) => x === mine) ? id : -1;
    });
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => root(i)));
    expect(results).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const traces = await allTraces();
    expect(traces).toHaveLength(1000);
    for (const t of traces) {
      expect(t.spans).toHaveLength(3);
      const id = (t.rootSpan!.inputs as { id: number }).id;
      expect(t.spans.filter((s) => s.name === "child").map((s) => (s.inputs as { id: number }).id)).toEqual([id, id]);
      expect(new Set(t.spans.map((s) => s.traceId))).toEqual(new Set([t.traceId]));
    }
  });

  it("a span started with startSpan is a child of the active span but does not become active itself", async () => {
    await withSpan("outer", async () => {
      const s = startSpan({ name: "manual" });
      expect(getCurrentSpan()?.name).toBe("outer");
      await withSpan({ name: "under_manual", parent: s }, async () => {});
      s.end();
    });
    const t = await lastTrace();
    expect(parentNames(t)).toEqual({ outer: null, manual: "outer", under_manual: "manual" });
  });

  it("supports `using` declarations for disposable spans", async () => {
    await withSpan("outer", async () => {
      {
        using s = startSpan("scoped");
        s.setOutputs("done");
      }
    });
    const t = await lastTrace();
    const scoped = t.spans.find((s) => s.name === "scoped")!;
    expect(scoped.endTimeNs).not.toBeNull();
    expect(scoped.outputs).toBe("done");
    expect(scoped.status.code).toBe("STATUS_CODE_OK");
  });
});

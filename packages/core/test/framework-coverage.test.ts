import { beforeEach, describe, expect, it } from "vitest";
import { isCoveredByFramework, markCoveredByFramework, withSpan } from "../src/index.js";
import { useMemoryStore } from "./helpers.js";

beforeEach(async () => {
  await useMemoryStore();
});

describe("markCoveredByFramework / isCoveredByFramework", () => {
  it("is true only while a marked span is the active one", async () => {
    const seen: Record<string, boolean> = {};
    seen.outside = isCoveredByFramework();
    await withSpan("agent", async (agent) => {
      seen.beforeMark = isCoveredByFramework();
      markCoveredByFramework(agent);
      seen.insideMarked = isCoveredByFramework();
      await withSpan("tool", async () => {
        seen.insideChild = isCoveredByFramework();
      });
      seen.explicit = isCoveredByFramework(agent);
    });
    seen.after = isCoveredByFramework();
    expect(seen).toEqual({ outside: false, beforeMark: false, insideMarked: true, insideChild: false, explicit: true, after: false });
  });

  it("is shared through globalThis, as every copy and build of every plugin must see one set", async () => {
    await withSpan("model", async (span) => {
      markCoveredByFramework(span);
      const shared = (globalThis as unknown as Record<symbol, WeakSet<object>>)[Symbol.for("traceloom.framework.modelSpans")];
      expect(shared.has(span)).toBe(true);
    });
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { warnIfNothingPatched } from "../src/autolog/nothing-patched.js";

function exitListeners(): Array<(...args: unknown[]) => void> {
  return process.listeners("exit") as Array<(...args: unknown[]) => void>;
}

describe("warnIfNothingPatched", () => {
  const before = new Set(exitListeners());
  const added = () => exitListeners().filter((listener) => !before.has(listener));
  afterEach(() => {
    for (const listener of added()) process.off("exit", listener);
  });

  it("keeps one exit check per package however often autolog() is re-enabled", () => {
    const messages: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      warnIfNothingPatched({ packageName: "sdk-a", searched: ["/app"], later: true, nothingPatched: () => true, warn: (m) => messages.push(m) });
    }
    warnIfNothingPatched({ packageName: "sdk-b", searched: [], later: true, nothingPatched: () => true, warn: (m) => messages.push(m) });
    expect(added()).toHaveLength(2);
    for (const listener of added()) listener(0);
    expect(messages).toEqual([
      "autolog() found no copy of sdk-a to patch: none in require.cache, and no ES module copy loaded that resolves from /app.",
      "autolog() found no copy of sdk-b to patch: none in require.cache, and no ES module copy loaded that resolves from nowhere (no application folder is known).",
    ]);
  });

  it("says nothing at exit when a copy was patched by then", () => {
    const messages: string[] = [];
    let patched = false;
    warnIfNothingPatched({ packageName: "sdk-c", searched: ["/app"], later: true, nothingPatched: () => !patched, warn: (m) => messages.push(m) });
    patched = true;
    for (const listener of added()) listener(0);
    expect(messages).toEqual([]);
  });

  it("checks right after startup when no copy can load later, without an exit listener", async () => {
    const messages: string[] = [];
    warnIfNothingPatched({ packageName: "sdk-d", searched: ["/app"], later: false, nothingPatched: () => true, warn: (m) => messages.push(m) });
    expect(added()).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("no copy of sdk-d");
  });
});

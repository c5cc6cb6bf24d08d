import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { configure, flush, shutdown, startSpan, trace, withSpan } from "../src/index.js";
import { getState } from "../src/state.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-never-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  delete process.env.TRACELOOM_SAMPLING_RATIO;
  await shutdown();
});

function captureWarnings(): string[] {
  const lines: string[] = [];
  const state = getState();
  state.logger = (l) => lines.push(l);
  state.loggedOnce.clear();
  return lines;
}

describe("a broken configuration never reaches the traced program", () => {
  it("ignores an invalid sampling ratio in the environment, with one warning", async () => {
    const warnings = captureWarnings();
    await shutdown();
    process.env.TRACELOOM_SAMPLING_RATIO = "lots";
    expect(withSpan("a", () => 1)).toBe(1);
    expect(startSpan("b").isRecording).toBe(true);
    expect(warnings.filter((w) => w.includes("TRACELOOM_"))).toHaveLength(1);
    expect(warnings[0]).toContain('TRACELOOM_SAMPLING_RATIO="lots" is not a number');
  });

  it("keeps running when the tracking URI cannot be used", async () => {
    const warnings = captureWarnings();
    await configure({ trackingUri: "ftp://nowhere/x" });
    const f = trace(async function work(x: number) {
      return x * 2;
    });
    expect(await f(2)).toBe(4);
    expect(await f(3)).toBe(6);
    await flush();
    expect(warnings.filter((w) => w.includes("cannot be recorded"))).toHaveLength(1);
    expect(warnings.join("\n")).toContain("Unsupported tracking URI scheme");
  });

  it("keeps running when the store file is not a database", async () => {
    const warnings = captureWarnings();
    const path = join(dir, "not-a-db.db");
    writeFileSync(path, "this is not sqlite ".repeat(100));
    await configure({ trackingUri: path });
    expect(withSpan("x", () => "ok")).toBe("ok");
    await flush();
    expect(warnings.join("\n")).toMatch(/cannot be recorded to .*not-a-db\.db/);
  });
});

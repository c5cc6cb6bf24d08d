import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectedNames, holdWriteLock, runScript, storedNames } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-writer-exit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("what was handed to the writer thread is stored however the process ends", () => {
  it.each([
    ["the event loop runs dry", "natural", { code: 0, signal: null }],
    ["process.exit() right after tracing", "exit", { code: 0, signal: null }],
    ["an uncaught error", "throw", { code: 1, signal: null }],
    ["SIGTERM", "sigterm", { code: null, signal: "SIGTERM" }],
  ] as const)("%s", async (_, end, ending) => {
    const dbPath = join(dir, `${end}.db`);
    const result = await runScript("trace-then-end.mjs", [dbPath], { TRACE_COUNT: "1500", END: end });
    expect(result).toMatchObject(ending);
    expect(result.stdout).toContain("traced");
    expect(storedNames(dbPath)).toEqual(expectedNames("run", 1_500));
  });

  it.each(["root-in-exit-listener", "straggler"])("the first trace of the process, still open at exit, is stored (%s)", async (end) => {
    const dbPath = join(dir, `first-at-exit-${end}.db`);
    const result = await runScript("first-trace-at-exit.mjs", [dbPath], { END: end });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(storedNames(dbPath)).toEqual(["first"]);
  });

  it("process.exit() while another process holds the write lock: exit waits for the lock, then everything is stored", async () => {
    const dbPath = join(dir, "exit-locked.db");
    await runScript("trace-then-end.mjs", [dbPath], { TRACE_COUNT: "1", END: "natural", TRACE_PREFIX: "first" });
    const lock = await holdWriteLock(dbPath, 2_000);
    const result = await runScript("trace-then-end.mjs", [dbPath], { TRACE_COUNT: "200", END: "exit" });
    await lock.released;
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(storedNames(dbPath)).toEqual([...expectedNames("first", 1), ...expectedNames("run", 200)].sort());
  });

  it("a database locked for good cannot hang the program: it ends at the exit deadline and says what was not written", async () => {
    const dbPath = join(dir, "locked-for-good.db");
    await runScript("trace-then-end.mjs", [dbPath], { TRACE_COUNT: "1", END: "natural", TRACE_PREFIX: "first" });
    const lock = await holdWriteLock(dbPath, 20_000);
    let released = false;
    void lock.released.then(() => (released = true));
    const result = await runScript("trace-then-end.mjs", [dbPath], { TRACE_COUNT: "50", END: "natural", TRACELOOM_EXIT_TIMEOUT_MS: "1000" });
    expect(released).toBe(false);
    lock.child.kill();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("could not write 50 trace(s) before the exit deadline");
  });
});

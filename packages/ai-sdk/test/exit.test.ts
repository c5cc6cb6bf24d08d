import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { SqliteTraceStore } from "@traceloom/core";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const program = join(__dirname, "fixtures", "failing-v6-call.mjs");
const dir = mkdtempSync(join(tmpdir(), "traceloom-ai6-exit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ai 6: an operation still open when the program ends", () => {
  it.each(["natural end", "exit"])("is recorded as ERROR 'ended without a result' (%s)", async (how) => {
    const db = join(dir, `${how.replace(" ", "-")}.db`);
    const { stdout } = await run(process.execPath, [program, how], {
      env: { ...process.env, TRACELOOM_TRACKING_URI: `sqlite:///${db}` },
      timeout: 60_000,
    });
    expect(stdout).toContain("call failed");
    const store = new SqliteTraceStore(db);
    try {
      const traces = store.searchTraces().traces;
      expect(traces).toHaveLength(1);
      const root = traces[0].rootSpan!;
      expect([traces[0].info.state, root.name, root.status.code]).toEqual(["ERROR", "generateText", "STATUS_CODE_ERROR"]);
      expect(root.status.message).toMatch(/ended without a result/);
    } finally {
      store.close();
    }
  });
});

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const fixture = path.join(import.meta.dirname, "fixtures", "both-builds.mjs");

interface Report {
  bothOn: string[];
  cjsLogTracesOff: string[];
  cjsLogTracesOn: string[];
  cjsDisabled: string[];
  dispatchEventRestored: boolean;
  statusAfterDisable: { esm: { installed: boolean; patches: number }; cjs: { installed: boolean; patches: number } };
  esmOnAgain: string[];
}

const CHAT = "SimpleChatEngine.chat > OpenAI.chat";

describe("both builds of the plugin loaded in one program (ES module imported, CommonJS required)", () => {
  it("share one state: the options and disable of either build apply to the instrumentation of the other", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [fixture], { cwd: path.dirname(fixture) });
    const report = JSON.parse(stdout) as Report;
    expect(report.bothOn).toEqual([CHAT]);
    expect(report.cjsLogTracesOff).toEqual([]);
    expect(report.cjsLogTracesOn).toEqual([CHAT]);
    expect(report.cjsDisabled).toEqual([]);
    expect(report.dispatchEventRestored).toBe(true);
    expect(report.statusAfterDisable).toEqual({ esm: { installed: false, patches: 0 }, cjs: { installed: false, patches: 0 } });
    expect(report.esmOnAgain).toEqual([CHAT]);
  }, 60_000);
});

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "./helpers/run.js";

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Runs the built `traceloom` binary; resolves when it exits. */
function run(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH, ...env } });
    children.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `traceloom ui` and resolves with its URL once printed. */
function startUi(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "ui", ...args], { cwd, env: { PATH: process.env.PATH, ...env } });
    children.push(child);
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0];
      if (url) resolve({ child, url, output: () => out });
    });
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => reject(new Error(`ui exited with ${code}: ${out}`)));
  });
}

describe("the traceloom binary", () => {
  const dir = mkdtempSync(join(tmpdir(), "traceloom-bin-"));

  it("demo records traces offline into ./traceloom.db and says how to view them", async () => {
    const r = await run(["demo"], {}, dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("A: It is 14 °C with light rain in Paris. Pack layers and an umbrella.");
    expect(r.stdout).toMatch(/✗ 503 The model is overloaded/);
    expect(r.stdout).toMatch(/travel_agent \[AGENT\][^\n]*\n├─ retrieve_context \[RETRIEVER\]/);
    expect(r.stdout).toContain("A: Tokyo will be sunny at 22 °C: pack light layers and sunglasses.");
    expect(r.stdout).toContain(`Recorded 6 traces in ${join(dir, "traceloom.db")}.`);
    expect(r.stdout).toContain(`Browse them:     node ${BIN} ui\n`);
    const list = await cli(["traces", "list", "--json"], { TRACELOOM_TRACKING_URI: join(dir, "traceloom.db") });
    expect(list.stdout.trim().split("\n")).toHaveLength(6);
  });

  it("demo honours TRACELOOM_TRACKING_URI and repeats it in its hint", async () => {
    const r = await run(["demo"], { TRACELOOM_TRACKING_URI: "sqlite:///nested/demo.db" }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Recorded 6 traces in ${join(dir, "nested", "demo.db")}.`);
    expect(r.stdout).toContain(`TRACELOOM_TRACKING_URI="sqlite:///nested/demo.db" node ${BIN} ui`);
  });

  it("ui serves the store on 127.0.0.1, prints the URL and stops on SIGTERM", async () => {
    const ui = await startUi(["--port", "0"], {}, dir);
    expect(ui.output()).toContain(`traceloom viewer for ${join(dir, "traceloom.db")}`);
    const res = await fetch(new URL("/api/traces", ui.url));
    expect(((await res.json()) as { traces: unknown[] }).traces.length).toBeGreaterThanOrEqual(5);
    const exited = new Promise<number | null>((resolve) => ui.child.on("exit", resolve));
    ui.child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("ui reports a port in use and a missing store", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const busy = await run(["ui", "--port", String(port)], {}, dir);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toBe(`Error: Port ${port} is in use; pick another with --port\n`);
    } finally {
      blocker.close();
    }
    const foreign = await run(["ui", "--host", "192.0.2.1", "--port", "0"], {}, dir);
    expect([foreign.code, foreign.stderr]).toEqual([1, "Error: Cannot listen on 192.0.2.1: no such local address\n"]);
    const missing = await run(["ui", "--tracking-uri", "absent.db"], {}, dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error: No trace store at .*absent\.db/);
  });

  it("exits 2 on usage errors and prints help", async () => {
    const r = await run(["traces", "--bogus"], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
    const help = await run(["--help"], {}, dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Commands:\n\s+ui \[options\]\s+serve the trace viewer/);
  });
});

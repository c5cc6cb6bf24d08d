import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./paths.js";

/** The built `traceloom` CLI. */
export const cliBin = join(repoRoot, "packages", "cli", "dist", "bin.js");

/** A `traceloom ui` process and the URL it printed. */
export interface UiProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (or signal) once the process ended. */
  exited: Promise<number | string>;
}

/** Starts `traceloom ui --port 0` on `store` with extra arguments, and waits for its URL. */
export async function startUi(store: string, args: string[] = []): Promise<UiProcess> {
  const child = spawn(process.execPath, [cliBin, "--tracking-uri", store, ...args, "ui", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (buf: Buffer) => {
      out += buf.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) resolve(m[0]);
    });
    child.stderr.on("data", (buf: Buffer) => (out += buf.toString()));
    void exited.then(() => reject(new Error(`traceloom ui exited before printing its URL:\n${out}`)));
  });
  return { child, url, exited };
}

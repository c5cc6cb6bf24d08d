import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { SqliteTraceStore } from "../../src/index.js";

export const scripts = join(__dirname, "..", "fixtures", "scripts");

/** Names of the traces a SQLite store holds (read with a connection of its own). */
export function storedNames(dbPath: string): string[] {
  const store = new SqliteTraceStore(dbPath, { readonly: true });
  try {
    const names: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = store.searchTraces({ maxResults: 10_000, includeSpans: false, pageToken });
      names.push(...page.traces.map((t) => t.info.tags["mlflow.traceName"]));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return names.sort();
  } finally {
    store.close();
  }
}

/** `count` names `prefix_0` … sorted as {@link storedNames} sorts. */
export function expectedNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}_${i}`).sort();
}

/** Another process holding the store's write lock for `ms`; resolves once it holds it. */
export function holdWriteLock(dbPath: string, ms: number): Promise<{ child: ChildProcess; released: Promise<void> }> {
  const child = spawn(process.execPath, [join(scripts, "hold-lock.mjs"), dbPath, String(ms)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  let onReleased: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    onReleased = resolve;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("locked\n")) resolve({ child, released });
      if (out.includes("released\n")) onReleased();
    });
    child.once("exit", () => onReleased());
  });
}

/** Runs a fixture script to its end; resolves with how it ended and what it printed. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(scripts, script), ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

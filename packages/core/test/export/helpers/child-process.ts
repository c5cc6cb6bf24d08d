import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const coreDir = resolve(here, "../../..");

/**
 * Bundles a TypeScript fixture (with traceloom's sources) into an ES module under core's node_modules/.cache,
 * where its external packages resolve, and returns its path.
 */
export async function bundleFixture(name: string): Promise<string> {
  const outDir = join(coreDir, "node_modules", ".cache", "traceloom-export-tests");
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [join(here, "..", "fixtures", `${name}.ts`)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "silent",
  });
  return outfile;
}

/** How a child process ended, and what it printed. */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node script` with extra environment variables. When `signalOnReady` is set, sends that signal once the
 * child prints "ready". The child is killed after `timeoutMs` so a test can never hang.
 */
export function runChild(script: string, env: Record<string, string>, options: { signalOnReady?: NodeJS.Signals; timeoutMs?: number } = {}): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const killer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (options.signalOnReady && stdout.includes("ready\n")) {
        child.kill(options.signalOnReady);
        options.signalOnReady = undefined;
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

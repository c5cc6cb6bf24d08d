import { spawn, type ChildProcess } from "node:child_process";

/** How a child Node program ended: its exit, its JSON stdout lines, its stderr, and when it closed. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: Record<string, unknown>[];
  stderr: string;
  closedAt: number;
}

/**
 * Runs `node script` with extra environment variables, parsing each stdout line as JSON. `onLine` sees each
 * parsed line as it arrives (to drive the child through stdin). Killed after `timeoutMs` so a test cannot hang.
 */
export function runNodeChild(
  script: string,
  env: Record<string, string>,
  options: { onLine?: (line: Record<string, unknown>, child: ChildProcess) => void; timeoutMs?: number } = {},
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    const lines: Record<string, unknown>[] = [];
    let stderr = "";
    let buffered = "";
    const killer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 90_000);
    child.stdout.on("data", (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const text = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        options.onLine?.(line, child);
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, lines, stderr, closedAt: Date.now() });
    });
  });
}

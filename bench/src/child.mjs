/**
 * Runs one benchmark in a child process of its own (a fresh heap, and peers that patch globally cannot leak into
 * another measurement) and hands its JSON result back over the IPC channel.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Forks `script` (a path relative to this folder) and resolves with the first message it sends.
 * @param {string} script
 * @param {{ args?: string[], execArgv?: string[], env?: Record<string, string>, timeoutMs?: number }} [options]
 * @returns {Promise<any>}
 */
export function runInChild(script, options = {}) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, options.args ?? [], {
    execArgv: options.execArgv ?? [],
    env: { ...process.env, ...options.env },
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    let result;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not finish within ${options.timeoutMs} ms`));
    }, options.timeoutMs ?? 180_000);
    child.once("message", (message) => {
      result = message;
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (result !== undefined) resolve(result);
      else reject(new Error(`${script} exited (code ${code}, signal ${signal}) without a result`));
    });
  });
}

/**
 * Child side: sends the result to the parent (or prints it when run by hand), then ends the process.
 * @param {unknown} result
 */
export function sendResult(result) {
  if (process.send) process.send(result, () => process.exit(0));
  else {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  }
}

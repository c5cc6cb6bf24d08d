/**
 * The parent's side of one OpenAI configuration's worker process: start it, send it commands, await its answers.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./worker.mjs", import.meta.url));
const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));

export class WorkerHandle {
  /** @type {Array<(message: any) => void>} */
  waiting = [];
  /** @type {any[]} */
  inbox = [];

  /**
   * @param {string} config a file name in the worker's ./configs, without extension
   * @param {Record<string, string>} env
   * @param {string} [worker] the worker script (default: the OpenAI worker beside this file)
   */
  constructor(config, env, worker = WORKER) {
    this.config = config;
    this.child = fork(worker, [config], { cwd: BENCH_DIR, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe", "ipc"] });
    this.stderr = "";
    this.child.stderr.on("data", (d) => {
      if (this.stderr.length < 4_000) this.stderr += d;
    });
    this.child.on("message", (m) => this.deliver(m));
    this.child.on("exit", (code) => this.deliver({ type: "error", message: `worker exited with code ${code}. ${this.stderr.trim()}` }));
  }

  deliver(message) {
    const next = this.waiting.shift();
    if (next) next(message);
    else this.inbox.push(message);
  }

  /**
   * The next message from the worker; an `error` message or a timeout rejects.
   * @param {number} timeoutMs
   */
  next(timeoutMs) {
    const message = this.inbox.shift();
    const got = message
      ? Promise.resolve(message)
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${this.config}: no answer within ${timeoutMs} ms`)), timeoutMs);
          this.waiting.push((m) => {
            clearTimeout(timer);
            resolve(m);
          });
        });
    return got.then((m) => {
      if (m.type === "error") throw new Error(m.message);
      return m;
    });
  }

  /** Sends a command and waits for its answer. */
  request(command, timeoutMs = 60_000) {
    this.child.send(command);
    return this.next(timeoutMs);
  }

  kill() {
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }
}

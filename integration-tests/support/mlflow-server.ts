import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mlflowKitDir } from "./paths.js";

/** Which backend store the server runs on: its own SQLite file, a `file:` store, or a PostgreSQL URI. */
export type MlflowBackend = "sqlite" | "file" | `postgresql://${string}`;

/** A running MLflow tracking server started from the shared kit. */
export interface MlflowServer {
  /** `http://127.0.0.1:PORT`, for `MLFLOW_TRACKING_URI`. */
  readonly uri: string;
  readonly port: number;
  /** The kit's home for this server (its store, artifacts, `server.log`). */
  readonly home: string;
  stop(): void;
  /** Starts it again on the same port, home and backend store (after {@link stop}), waiting for `/health`. */
  start(): void;
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Runs the kit's `start` on a port; returns the tracking URI it printed. */
function kitStart(port: number, home: string, backend: MlflowBackend, serverArgs: string[]): string {
  const args = ["--port", String(port), "--home", home, "--backend", backend, ...(serverArgs.length ? ["--", ...serverArgs] : [])];
  const line = execFileSync(join(mlflowKitDir(), "start"), args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 240_000,
  }).trim();
  return line.slice(line.indexOf("=") + 1);
}

/**
 * Starts an unmodified MLflow server with the kit (`start --port --home --backend [-- serverArgs]`), waiting for
 * `/health`. `serverArgs` go to `mlflow server` (e.g. `["--workers", "2"]`, which overrides the kit's 1).
 */
export async function startMlflowServer(backend: MlflowBackend = "sqlite", serverArgs: string[] = []): Promise<MlflowServer> {
  const home = mkdtempSync(join(tmpdir(), "traceloom-mlflow-"));
  // A port picked free can be taken before the server binds it (exit 3): pick again, a bounded number of times.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const uri = kitStart(port, home, backend, serverArgs);
      return {
        uri,
        port,
        home,
        stop: () => stopMlflowServer(home),
        start: () => {
          try {
            kitStart(port, home, backend, serverArgs);
          } catch (err) {
            throw withStderr(err, `MLflow server (${backend}) failed to restart on port ${port}`);
          }
        },
      };
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status !== 3 || attempt >= 5) throw withStderr(err, `MLflow server (${backend}) failed to start`);
    }
  }
}

/** Stops the server whose kit home is `home` (TERM, then KILL after 10 s). Safe to call twice. */
export function stopMlflowServer(home: string): void {
  execFileSync(join(mlflowKitDir(), "stop"), ["--home", home], { stdio: "ignore", timeout: 30_000 });
}

function withStderr(err: unknown, what: string): Error {
  const stderr = String((err as { stderr?: unknown }).stderr ?? "").trim();
  return new Error(`${what}: ${(err as Error).message}${stderr ? `\n${stderr}` : ""}`);
}

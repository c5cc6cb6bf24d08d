import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MlflowServer } from "./mlflow-server.js";
import { mlflowKitDir } from "./paths.js";

/** Python scripts run with MLflow's own client (support/python/). */
const pythonDir = join(dirname(fileURLToPath(import.meta.url)), "python");

/**
 * Runs `support/python/<script>` with MLflow's own Python client against `server` (the kit's
 * `start python --home DIR script args`, which sets MLFLOW_TRACKING_URI), and returns the JSON it prints last.
 */
export function runMlflowPython<T>(server: MlflowServer, script: string, args: string[] = []): T {
  let out: string;
  try {
    out = execFileSync(join(mlflowKitDir(), "start"), ["python", "--home", server.home, join(pythonDir, script), ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120_000,
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, MLFLOW_TRACKING_URI: server.uri },
    });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? "").trim().split("\n").slice(-20).join("\n");
    throw new Error(`MLflow's Python client failed running ${script}: ${(err as Error).message}\n${stderr}`);
  }
  const lines = out.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as T;
}

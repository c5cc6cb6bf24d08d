import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root (the folder holding pnpm-workspace.yaml). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * The MLflow server kit (`start`/`stop`, an unmodified MLflow source tree): `TRACELOOM_MLFLOW_KIT`, else
 * `../shared/mlflow-server` beside the clone, as in CI. Missing is an error, never a skipped test.
 */
export function mlflowKitDir(): string {
  const dir = process.env.TRACELOOM_MLFLOW_KIT ?? join(repoRoot, "..", "shared", "mlflow-server");
  if (!existsSync(join(dir, "start"))) {
    throw new Error(`MLflow server kit not found at ${dir} (set TRACELOOM_MLFLOW_KIT to the folder holding its start script)`);
  }
  return dir;
}

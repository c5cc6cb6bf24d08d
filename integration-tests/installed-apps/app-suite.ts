import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@traceloom/testkit";
import { installApp, stopInstallServices, type AppSpec, type InstalledApp, type PackageManager } from "../support/packed-app.js";
import { readStoredTraces } from "../support/stored-traces.js";
import type { Trace } from "@traceloom/core";

/** Program files (in ./programs) to copy into an app, as an `AppSpec.files` map. */
export function programFiles(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, join(import.meta.dirname, "programs", name)]));
}

/** The package managers every app is installed with. */
export const MANAGERS: readonly PackageManager[] = ["npm", "pnpm"];

/** What one run of a program left behind. */
export interface ProgramRun {
  /** The JSON the program printed. */
  output: Record<string, unknown>;
  /** Its stderr (traceloom's warnings go there). */
  stderr: string;
  /** The traces it wrote to its own store, oldest first. */
  traces: Trace[];
}

/** A suite's installed apps (one per package manager) and the loopback OpenAI server they talk to. */
export interface AppSuite {
  /** The folder of the app installed with `manager`. */
  dir(manager: PackageManager): string;
  /** Runs `file` of the app installed with `manager`, against a fresh store; `env` adds variables to this run only. */
  run(manager: PackageManager, file: string, env?: Record<string, string>): Promise<ProgramRun>;
  /**
   * Runs `file` with `TRACELOOM_TRACKING_URI` set to `trackingUri` (a real MLflow server, say) instead of a fresh
   * store; the caller reads the traces back from there. `env` adds variables to this run only.
   */
  runExporting(manager: PackageManager, file: string, trackingUri: string, env?: Record<string, string>): Promise<Omit<ProgramRun, "traces">>;
}

/** What a suite adds to the programs' environment, read when a program starts (after every beforeAll ran). */
export type SuiteEnvironment = () => Record<string, string>;

/**
 * Installs `spec` with npm and with pnpm once for the test file (beforeAll), and starts the loopback OpenAI model.
 * `env` adds variables to every program run — the base URL of another provider's loopback server the test file
 * started in its own beforeAll, for instance.
 */
export function useInstalledApps(spec: AppSpec, env: SuiteEnvironment = () => ({})): AppSuite {
  const apps = new Map<PackageManager, InstalledApp>();
  let fake: FakeOpenAI;
  let runs = 0;
  const stores = mkdtempSync(join(tmpdir(), "traceloom-app-stores-"));
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    // Both installs at once: much of their time is spent waiting on the registry and the disk.
    const installs = await Promise.allSettled(MANAGERS.map(async (manager) => apps.set(manager, await installApp(manager, spec))));
    const failed = installs.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  });
  afterAll(async () => {
    for (const app of apps.values()) app.remove();
    rmSync(stores, { recursive: true, force: true });
    await fake?.close();
    await stopInstallServices();
  });
  const installed = (manager: PackageManager): InstalledApp => {
    const app = apps.get(manager);
    if (!app) throw new Error(`the ${manager} install of ${spec.name} failed (see beforeAll)`);
    return app;
  };
  return {
    dir: (manager) => installed(manager).dir,
    async run(manager, file, runEnv) {
      const store = join(stores, `${manager}-${++runs}.db`);
      const { output, stderr } = await runWith(manager, file, store, runEnv);
      return { output, stderr, traces: readStoredTraces(store) };
    },
    runExporting: runWith,
  };
  async function runWith(manager: PackageManager, file: string, trackingUri: string, runEnv: Record<string, string> = {}): Promise<Omit<ProgramRun, "traces">> {
    const { stdout, stderr } = await installed(manager).node(file, {
      OPENAI_API_KEY: "test",
      OPENAI_BASE_URL: fake.url,
      ...env(),
      ...runEnv,
      TRACELOOM_TRACKING_URI: trackingUri,
    });
    return { output: JSON.parse(stdout) as Record<string, unknown>, stderr };
  }
}

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
  /** Runs `file` of the app installed with `manager`, against a fresh store. */
  run(manager: PackageManager, file: string): Promise<ProgramRun>;
}

/** Installs `spec` with npm and with pnpm once for the test file (beforeAll), and starts the loopback model. */
export function useInstalledApps(spec: AppSpec): AppSuite {
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
    async run(manager, file) {
      const app = installed(manager);
      const store = join(stores, `${manager}-${++runs}.db`);
      const { stdout, stderr } = await app.node(file, {
        OPENAI_API_KEY: "test",
        OPENAI_BASE_URL: fake.url,
        TRACELOOM_TRACKING_URI: store,
      });
      return { output: JSON.parse(stdout) as Record<string, unknown>, stderr, traces: readStoredTraces(store) };
    },
  };
}

import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { userEnvironment } from "./child-env.js";
import { repoRoot } from "./paths.js";
import { nodeHasBuiltinSqlite, startSqlitePrebuildMirror, workspaceSqliteVersion, type PrebuildMirror } from "./sqlite-prebuild-mirror.js";

const run = promisify(execFile);

/** One of our published packages, by its folder under packages/ (`core`, `openai`, `anthropic`, …). */
export type TraceloomPackage = string;

/** How the app is installed. */
export type PackageManager = "npm" | "pnpm";

/** What an app is made of. */
export interface AppSpec {
  /** A short name, used in the temporary folder's name. */
  name: string;
  /** Our packages the app lists (always with `core`), installed from `pnpm pack` tarballs. */
  traceloom: TraceloomPackage[];
  /** Registry dependencies, as a user would list them (`{ "@langchain/openai": "1.6.0" }`). */
  dependencies: Record<string, string>;
  /** Program files copied into the app's folder: target file name → source path. */
  files: Record<string, string>;
}

/** An app installed in a temporary folder. */
export interface InstalledApp {
  readonly dir: string;
  readonly manager: PackageManager;
  /** Runs `node <file>` in the app's folder; rejects with stdout and stderr when it exits non-zero. */
  node(file: string, env?: Record<string, string>): Promise<{ stdout: string; stderr: string }>;
  remove(): void;
}

/**
 * Where the tarballs are packed from: `TRACELOOM_PACK_FROM` (another clone or worktree, its packages built), else this
 * repository. Packages must be built (`pnpm build`); `pnpm test` builds them first.
 */
function packSource(): string {
  return process.env.TRACELOOM_PACK_FROM ?? repoRoot;
}

const packed = new Map<TraceloomPackage, Promise<string>>();
let tarballDir: string | undefined;

/**
 * `pnpm pack`s one of our packages once per test process (pnpm rewrites `workspace:*` to the version); resolves to
 * the tarball's path. Packs run one at a time: each writes into the shared folder and is told apart by its new file.
 */
export function packTraceloom(name: TraceloomPackage): Promise<string> {
  let tarball = packed.get(name);
  if (!tarball) {
    const previous = [...packed.values()].at(-1)?.catch(() => undefined);
    tarball = (async () => {
      await previous;
      tarballDir ??= mkdtempSync(join(tmpdir(), "traceloom-tarballs-"));
      const out = tarballDir;
      const dir = join(packSource(), "packages", name);
      if (!existsSync(join(dir, "dist"))) throw new Error(`${dir} is not built: run pnpm build first`);
      const before = new Set(readdirSync(out));
      await run("pnpm", ["pack", "--pack-destination", out], { cwd: dir, env: userEnvironment() });
      const made = readdirSync(out).filter((f) => !before.has(f) && f.endsWith(".tgz"));
      if (made.length !== 1) throw new Error(`pnpm pack in ${dir} made ${made.length} tarballs`);
      return join(out, made[0]);
    })();
    packed.set(name, tarball);
  }
  return tarball;
}

/** The `allowBuilds` entries of this repository's pnpm-workspace.yaml, as indented YAML lines. */
function workspaceBuildDecisions(): string[] {
  const lines = readFileSync(join(repoRoot, "pnpm-workspace.yaml"), "utf8").split("\n");
  const start = lines.findIndex((l) => l.trim() === "allowBuilds:");
  const entries: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!/^\s+\S/.test(line)) break;
    entries.push(`  ${line.trim()}`);
  }
  if (start < 0 || entries.length === 0) throw new Error("pnpm-workspace.yaml has no allowBuilds entries");
  return entries;
}

let mirror: Promise<PrebuildMirror | undefined> | undefined;

/** Stops the better-sqlite3 prebuild mirror and removes the tarballs shared by this test process's installs (afterAll). */
export async function stopInstallServices(): Promise<void> {
  const m = await mirror;
  mirror = undefined;
  await m?.close();
  await Promise.allSettled(packed.values());
  if (tarballDir) rmSync(tarballDir, { recursive: true, force: true });
  packed.clear();
  tarballDir = undefined;
}

/**
 * Installs `spec` in a new folder under the OS temp dir with `manager`, as a user would: a package.json listing the
 * dependencies (and better-sqlite3 on a Node without `node:sqlite`, as core's README says), no lockfile, packages from the npm registry (through the usual caches and pnpm store). Our packages
 * come from tarballs; `overrides` make their dependencies on each other resolve to those tarballs too, since the
 * version they name is not on the registry.
 */
export async function installApp(manager: PackageManager, spec: AppSpec): Promise<InstalledApp> {
  // Our plugins depend on core alone, so core and the listed packages are all the tarballs an app needs.
  const names = [...new Set<TraceloomPackage>(["core", ...spec.traceloom])];
  const tarballs = Object.fromEntries(await Promise.all(names.map(async (p) => [p, await packTraceloom(p)] as const)));
  const dependencies = { ...spec.dependencies };
  let prebuilds: PrebuildMirror | undefined;
  if (!nodeHasBuiltinSqlite()) {
    dependencies["better-sqlite3"] = workspaceSqliteVersion();
    mirror ??= startSqlitePrebuildMirror();
    prebuilds = await mirror;
  }
  const dir = mkdtempSync(join(tmpdir(), `traceloom-app-${spec.name}-${manager}-`));
  const ours = Object.fromEntries(names.map((p) => [`@traceloom/${p}`, `file:${tarballs[p]}`]));
  const overrides = ours;
  const pkg: Record<string, unknown> = { name: `app-${spec.name}`, version: "1.0.0", private: true, dependencies: { ...dependencies, ...ours } };
  if (manager === "npm") pkg.overrides = overrides;
  writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  if (manager === "pnpm") {
    // pnpm reads its settings from pnpm-workspace.yaml. It refuses to install while a dependency's build script is
    // neither allowed nor denied: the app decides as this repository does (better-sqlite3 built, tree-sitter not).
    const yaml = [
      "lockfile: false",
      "allowBuilds:",
      ...workspaceBuildDecisions(),
      "overrides:",
      ...Object.entries(overrides).map(([k, v]) => `  "${k}": "${v}"`),
    ];
    writeFileSync(join(dir, "pnpm-workspace.yaml"), yaml.join("\n") + "\n");
  }
  for (const [target, source] of Object.entries(spec.files)) {
    mkdirSync(join(dir, target, ".."), { recursive: true });
    cpSync(source, join(dir, target));
  }
  const env = userEnvironment(prebuilds?.env ?? {});
  const args =
    manager === "npm"
      ? ["install", "--no-package-lock", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]
      : ["install", "--no-frozen-lockfile", "--prefer-offline", "--reporter=append-only"];
  try {
    await run(manager, args, { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${manager} install of ${spec.name} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
  return {
    dir,
    manager,
    async node(file, extra = {}) {
      try {
        return await run(process.execPath, [file], { cwd: dir, env: userEnvironment(extra), timeout: 90_000, maxBuffer: 16 * 1024 * 1024 });
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string; message: string };
        throw new Error(`node ${file} in ${basename(dir)} failed: ${e.message}\n--- stdout\n${e.stdout ?? ""}\n--- stderr\n${e.stderr ?? ""}`);
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

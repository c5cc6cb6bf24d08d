import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createHash } from "node:crypto";
import { homedir, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { repoRoot } from "./paths.js";

/**
 * A loopback stand-in for better-sqlite3's GitHub release downloads, which this machine cannot reach.
 *
 * On Node 20 an app lists better-sqlite3, whose install downloads the prebuilt addon for that Node (prebuild-install);
 * here that download fails and node-gyp compiles the addon instead — a minute or more per install on 2 cores. The
 * workspace already holds that addon, compiled from the same version's source for the running Node (scripts/with-node.sh
 * swaps in the build for Node 22/24). This serves it the way the release page does, at the mirror URL prebuild-install
 * reads from `npm_config_better_sqlite3_binary_host`, so every app install gets it in a second.
 */
export interface PrebuildMirror {
  /** Environment for `npm install` / `pnpm install` that makes prebuild-install use the mirror. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The better-sqlite3 version the workspace builds @traceloom/core with (its devDependency): what an app lists on a
 * Node without `node:sqlite`, as core's README tells Node 20 users (better-sqlite3 is an optional peer of core).
 */
export function workspaceSqliteVersion(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, "packages", "core", "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  return pkg.devDependencies["better-sqlite3"];
}

/** Whether this Node has the built-in `node:sqlite` the store uses (Node 22.13 on), so an app needs no better-sqlite3. */
export function nodeHasBuiltinSqlite(): boolean {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  try {
    return getBuiltin?.("node:sqlite") !== undefined;
  } catch {
    return false;
  }
}

/** The workspace's compiled addon for that version, if it loads in the running Node. */
function workspaceAddon(version: string): string | undefined {
  const addon = join(repoRoot, "node_modules", ".pnpm", `better-sqlite3@${version}`, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");
  if (!existsSync(addon)) return undefined;
  try {
    execFileSync(process.execPath, ["-e", "process.dlopen({ exports: {} }, process.argv[1])", addon], { stdio: "ignore" });
    return addon;
  } catch {
    return undefined;
  }
}

/**
 * Removes the copy prebuild-install keeps of a download in npm's cache (`_prebuilds/<first 6 hex of sha512(url)>-<file>`):
 * the mirror's URL changes with its port on every run, so each copy would never be used again.
 */
function forgetDownload(url: string): void {
  const cache = process.env.npm_config_cache ?? join(homedir(), ".npm");
  const digest = createHash("sha512").update(url).digest("hex").slice(0, 6);
  rmSync(join(cache, "_prebuilds", `${digest}-${basename(url).replace(/[^a-zA-Z0-9.]+/g, "-")}`), { force: true });
}

/**
 * Starts the mirror, or returns `undefined` (installs then compile the addon, slowly but correctly) when the workspace
 * has no addon for the running Node.
 */
export async function startSqlitePrebuildMirror(): Promise<PrebuildMirror | undefined> {
  const version = workspaceSqliteVersion();
  const addon = workspaceAddon(version);
  if (!addon) return undefined;
  // The release asset: build/Release/better_sqlite3.node in a .tar.gz named after version, ABI, platform, arch.
  const asset = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const staging = mkdtempSync(join(tmpdir(), "traceloom-prebuild-"));
  mkdirSync(join(staging, "build", "Release"), { recursive: true });
  cpSync(addon, join(staging, "build", "Release", "better_sqlite3.node"));
  execFileSync("tar", ["-czf", join(staging, asset), "-C", staging, "build"]);
  const body = readFileSync(join(staging, asset));
  rmSync(staging, { recursive: true, force: true });

  const server: Server = createServer((req, res) => {
    if (req.url === `/v${version}/${asset}`) {
      res.writeHead(200, { "content-type": "application/gzip", "content-length": body.length });
      res.end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    env: { npm_config_better_sqlite3_binary_host: host },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      forgetDownload(`${host}/v${version}/${asset}`);
    },
  };
}

import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// These run in a child process, against the built core and Node's own ES module loader (vitest has a loader of
// its own for the files it imports).
const coreEntry = pathToFileURL(path.resolve(import.meta.dirname, "..", "dist", "index.js")).href;
const root = realpathSync(mkdtempSync(path.join(tmpdir(), "traceloom-loaded-esm-")));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(dir: string, files: Record<string, string | object>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), typeof content === "string" ? content : JSON.stringify(content));
  }
}

// An application depending on "sdk" 2 and on a framework that depends on its own "sdk" 1 (nested, as npm and pnpm
// install differing majors); each sdk counts its evaluations on globalThis.
const app = path.join(root, "app");
const sdk = (version: number) => ({
  "package.json": { name: "sdk", version: `${version}.0.0`, exports: { ".": { import: "./index.mjs" } } },
  "index.mjs": `globalThis.sdkEvaluations = (globalThis.sdkEvaluations ?? 0) + 1; export const version = ${version};`,
});
write(app, {
  "package.json": { name: "app", type: "module", dependencies: { sdk: "2", "@frame/work": "1" } },
  ...Object.fromEntries(Object.entries(sdk(2)).map(([f, c]) => [`node_modules/sdk/${f}`, c])),
  "node_modules/@frame/work/package.json": { name: "@frame/work", exports: { ".": "./index.mjs" }, dependencies: { sdk: "1" } },
  "node_modules/@frame/work/index.mjs": "export const load = () => import('sdk');",
  ...Object.fromEntries(Object.entries(sdk(1)).map(([f, c]) => [`node_modules/@frame/work/node_modules/sdk/${f}`, c])),
});

async function runInApp(source: string): Promise<any> {
  write(app, { "probe.mjs": `import * as core from ${JSON.stringify(coreEntry)};\n${source}` });
  const { stdout } = await promisify(execFile)(process.execPath, ["probe.mjs"], { cwd: app, timeout: 30_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

describe("ES modules an autolog plugin can reach without loading them", () => {
  it("finds the application's copy and the one a framework resolves for itself, reading only package.json files", async () => {
    const out = await runInApp(`
      const graph = core.esmEntriesInDependencyGraph("sdk", undefined, (name) => name.startsWith("@frame/"));
      console.log(JSON.stringify({ entries: graph.entries, direct: graph.direct, evaluations: globalThis.sdkEvaluations ?? 0 }));`);
    expect(out.entries.sort()).toEqual([path.join(app, "node_modules/@frame/work/node_modules/sdk/index.mjs"), path.join(app, "node_modules/sdk/index.mjs")]);
    expect(out.direct).toEqual([path.join(app, "node_modules/sdk/index.mjs")]);
    expect(out.evaluations).toBe(0);
  });

  it("esModuleIfLoaded: undefined for a module not loaded, which a later import still loads normally; the very namespace once loaded", async () => {
    const out = await runInApp(`
      const file = ${JSON.stringify(path.join(app, "node_modules/sdk/index.mjs"))};
      const before = core.esModuleIfLoaded(file);
      const evaluationsBefore = globalThis.sdkEvaluations ?? 0;
      const imported = await import("sdk");
      const after = core.esModuleIfLoaded(file);
      console.log(JSON.stringify({ before: before === undefined, evaluationsBefore, version: imported.version, same: after?.version === imported.version, evaluations: globalThis.sdkEvaluations }));`);
    expect(out).toEqual({ before: true, evaluationsBefore: 0, version: 2, same: true, evaluations: 1 });
  });

  it("watchEsModuleLoads: tells about a matching module loaded later (a framework's import()), once its body ran", async () => {
    const out = await runInApp(`
      const seen = [];
      core.watchEsModuleLoads(/\\/node_modules\\/sdk\\/index\\.mjs$/, (url, ns) => { ns.version; seen.push({ url, version: ns.version, evaluations: globalThis.sdkEvaluations }); });
      const { load } = await import("@frame/work");
      const got = await load();
      console.log(JSON.stringify({ seen, got: got.version }));`);
    expect(out.got).toBe(1);
    expect(out.seen).toEqual([{ url: pathToFileURL(path.join(app, "node_modules/@frame/work/node_modules/sdk/index.mjs")).href, version: 1, evaluations: 1 }]);
  });
});

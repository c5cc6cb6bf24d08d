import Module, { createRequire } from "node:module";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { callerFileOf, requireEsmNatively, resolveEsmEntry, resolvePackageRoot } from "../src/index.js";

const root = realpathSync(mkdtempSync(path.join(tmpdir(), "traceloom-esm-resolution-")));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes `files` (path → content; objects as JSON) under `dir`. */
function write(dir: string, files: Record<string, string | object>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), typeof content === "string" ? content : JSON.stringify(content));
  }
}

// An application folder with a package in node_modules for each shape of `exports` met in the wild.
const app = path.join(root, "app");
const from = path.join(app, "main.mjs");
write(app, {
  "package.json": { name: "app", type: "module" },
  // openai 7: `require` first, then `types`, then `default`
  "node_modules/sdk/package.json": { name: "sdk", exports: { ".": { require: { types: "./i.d.ts", default: "./i.js" }, types: "./i.d.mts", default: "./i.mjs" } } },
  "node_modules/sdk/i.mjs": "export const kind = 'esm';",
  "node_modules/sdk/i.js": "exports.kind = 'cjs';",
  // @langchain/core 1.x: nested import/require conditions, `.js` files in a "type": "module" package
  "node_modules/@scope/core/package.json": {
    name: "@scope/core",
    type: "module",
    exports: { "./callbacks/manager": { input: "./src/m.ts", require: { default: "./dist/m.cjs" }, import: { types: "./dist/m.d.ts", default: "./dist/m.js" } } },
  },
  "node_modules/@scope/core/dist/m.js": "export const kind = 'manager';",
  "node_modules/@scope/core/dist/m.cjs": "exports.kind = 'cjs';",
  // a subpath pattern and Node's module-sync condition
  "node_modules/patterned/package.json": { name: "patterned", exports: { "./lib/*": { "module-sync": "./esm/*.mjs", default: "./cjs/*.js" } } },
  "node_modules/patterned/esm/deep/x.mjs": "export const kind = 'x';",
  // a CommonJS-only package, and one without `exports`
  "node_modules/cjs-only/package.json": { name: "cjs-only", exports: { ".": "./index.js" } },
  "node_modules/cjs-only/index.js": "module.exports = {};",
  "node_modules/legacy/package.json": { name: "legacy", type: "module", main: "./lib/main.js" },
  "node_modules/legacy/lib/main.js": "export const kind = 'legacy';",
});
const store = path.join(root, "store", "linked");
write(store, { "package.json": { name: "linked", exports: "./e.mjs" }, "e.mjs": "export const kind = 'linked';" });
symlinkSync(store, path.join(app, "node_modules", "linked"), "dir");

describe("resolveEsmEntry: the file `import` resolves to", () => {
  it("follows import conditions in key order and skips `require` and `types`", () => {
    expect(resolveEsmEntry("sdk", from)).toBe(path.join(app, "node_modules/sdk/i.mjs"));
    expect(resolveEsmEntry("@scope/core/callbacks/manager", from)).toBe(path.join(app, "node_modules/@scope/core/dist/m.js"));
  });

  it("matches `*` subpath patterns and the module-sync condition", () => {
    expect(resolveEsmEntry("patterned/lib/deep/x", from)).toBe(path.join(app, "node_modules/patterned/esm/deep/x.mjs"));
  });

  it("uses `main` when there is no `exports`, and returns real paths through symlinks", () => {
    expect(resolveEsmEntry("legacy", from)).toBe(path.join(app, "node_modules/legacy/lib/main.js"));
    expect(resolveEsmEntry("linked", from)).toBe(path.join(store, "e.mjs"));
    expect(resolvePackageRoot("linked", from)).toBe(store);
  });

  it("is undefined for a CommonJS target, an unexported subpath, or a package not installed there", () => {
    expect(resolveEsmEntry("cjs-only", from)).toBeUndefined();
    expect(resolvePackageRoot("cjs-only", from)).toBe(path.join(app, "node_modules/cjs-only"));
    expect(resolveEsmEntry("@scope/core/hidden", from)).toBeUndefined();
    expect(resolveEsmEntry("sdk", path.join(root, "elsewhere.mjs"))).toBeUndefined();
    expect(resolvePackageRoot("sdk", path.join(root, "elsewhere.mjs"))).toBeUndefined();
  });
});

describe("resolvePackageRoot and NODE_PATH", () => {
  it("ignores the NODE_PATH folders that only `require` searches (package managers' bin shims set it)", () => {
    const initPaths = (Module as unknown as { _initPaths: () => void })._initPaths;
    const before = process.env.NODE_PATH;
    const elsewhere = path.join(root, "elsewhere.mjs");
    process.env.NODE_PATH = path.join(app, "node_modules");
    initPaths();
    try {
      expect(createRequire(elsewhere).resolve("sdk")).toBe(path.join(app, "node_modules/sdk/i.js"));
      expect(resolvePackageRoot("sdk", elsewhere)).toBeUndefined();
      expect(resolveEsmEntry("sdk", elsewhere)).toBeUndefined();
      expect(resolvePackageRoot("sdk", from)).toBe(path.join(app, "node_modules/sdk"));
    } finally {
      if (before === undefined) delete process.env.NODE_PATH;
      else process.env.NODE_PATH = before;
      initPaths();
    }
  });
});

describe("requireEsmNatively", () => {
  it("returns the same module instance `import` gives", async () => {
    const file = resolveEsmEntry("@scope/core/callbacks/manager", from)!;
    const imported = (await import(file)) as { kind: string };
    expect(imported.kind).toBe("manager");
    expect(requireEsmNatively(file)).toBe(imported);
  });
});

describe("callerFileOf", () => {
  it("names the file of the function's caller", () => {
    const whoCalls = (): string | undefined => callerFileOf(whoCalls);
    expect(whoCalls()).toBe(path.resolve(import.meta.dirname, "autolog-esm-resolution.test.ts"));
  });
});

import { realpathSync } from "node:fs";
import path from "node:path";
import { resolvePackageRoot } from "@traceloom/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_TREES, makeSeparateInstall, removeSeparateInstalls, runApp, type AppReport } from "./support/separate-install.js";
import { treeOfRecords } from "./support/tree.js";

const ownCore = realpathSync(path.join(import.meta.dirname, "..", "node_modules", "@llamaindex", "core"));
let app: string;

beforeAll(async () => {
  app = await makeSeparateInstall();
}, 60_000);

afterAll(removeSeparateInstalls);

describe("an application whose LlamaIndex is not the copy this package resolves", () => {
  it("is laid out so: its llamaindex uses a @llamaindex/core other than this package's", () => {
    const appLlamaIndex = resolvePackageRoot("llamaindex", path.join(app, "package.json"))!;
    const appCore = resolvePackageRoot("@llamaindex/core", path.join(appLlamaIndex, "package.json"));
    expect(appCore?.startsWith(realpathSync(app))).toBe(true);
    expect(appCore).not.toBe(ownCore);
  });

  it("an ES module app importing the plugin: its index build and query are recorded, with no drift warning", async () => {
    const out = await runApp<AppReport>(app, ["query-app.js"]);
    expect(out.answer).toBe("Paris.");
    expect(out.traces.map(treeOfRecords)).toEqual(APP_TREES);
    expect(out.commonJsLlamaIndex).toEqual([]);
    expect(out.warnings).toEqual([]);
  }, 60_000);

  it("an ES module app requiring the plugin's CommonJS build: the app's ES module copy is patched, no CommonJS copy loaded", async () => {
    const out = await runApp<AppReport>(app, ["query-app.js"], { PLUGIN_AS: "commonjs" });
    expect(out.traces.map(treeOfRecords)).toEqual(APP_TREES);
    expect(out.commonJsLlamaIndex).toEqual([]);
    expect(out.warnings).toEqual([]);
  }, 60_000);

  it("a CommonJS app requiring LlamaIndex after autolog(): the copy it loads is patched as it loads", async () => {
    const out = await runApp<AppReport>(app, ["query-app.cjs"]);
    expect(out.answer).toBe("Paris.");
    expect(out.traces.map(treeOfRecords)).toEqual(APP_TREES);
    expect(out.commonJsLlamaIndex.length).toBeGreaterThan(0);
    expect(out.commonJsLlamaIndex.filter((f) => !f.startsWith(realpathSync(app)))).toEqual([]);
    expect(out.warnings).toEqual([]);
  }, 60_000);

  it("a CommonJS app requiring LlamaIndex before autolog(): the loaded copy is patched", async () => {
    const out = await runApp<AppReport>(app, ["query-app.cjs"], { LLAMAINDEX_FIRST: "1" });
    expect(out.traces.map(treeOfRecords)).toEqual(APP_TREES);
    expect(out.commonJsLlamaIndex.filter((f) => !f.startsWith(realpathSync(app)))).toEqual([]);
    expect(out.warnings).toEqual([]);
  }, 60_000);
});

import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_TREES, makeEmptyDir, makeSeparateInstall, removeSeparateInstalls, runApp, TSX_CLI, type AppReport } from "./support/separate-install.js";
import { treeOfRecords } from "./support/tree.js";

let app: string;

beforeAll(async () => {
  app = await makeSeparateInstall();
}, 60_000);

afterAll(removeSeparateInstalls);

/**
 * The TypeScript ES module application fixtures/query-app.ts, run with tsx, in an install whose LlamaIndex is a copy
 * other than this package's. tsx compiles a `require()` of LlamaIndex's ES module files to CommonJS, a copy of its
 * own: these tests pass only if the copy patched is the one `import` gave the application.
 */
describe("a LlamaIndex app written in TypeScript, run with tsx", () => {
  it("`tsx query-app.ts`: records the index build and the query, loads no CommonJS copy, warns nothing", async () => {
    const out = await runApp<AppReport>(app, [TSX_CLI, "query-app.ts"]);
    expect(out.answer).toBe("Paris.");
    expect(out.traces.map(treeOfRecords)).toEqual(APP_TREES);
    expect(out.commonJsLlamaIndex).toEqual([]);
    expect(out.warnings).toEqual([]);
  }, 60_000);

  it("`node --import tsx query-app.ts`", async () => {
    const out = await runApp<AppReport>(app, ["--import", "tsx", "query-app.ts"]);
    expect(out.traces.map(treeOfRecords)).toEqual(APP_TREES);
    expect(out.commonJsLlamaIndex).toEqual([]);
  }, 60_000);

  it("`tsx path/to/query-app.ts` from a working directory where LlamaIndex does not resolve", async () => {
    const out = await runApp<AppReport>(makeEmptyDir(), [TSX_CLI, path.join(app, "query-app.ts")]);
    expect(out.traces.map(treeOfRecords)).toEqual(APP_TREES);
    expect(out.warnings).toEqual([]);
  }, 60_000);

  it("`tsx query-app.ts` requiring the plugin's CommonJS build", async () => {
    const out = await runApp<AppReport>(app, [TSX_CLI, "query-app.ts"], { PLUGIN_AS: "commonjs" });
    expect(out.traces.map(treeOfRecords)).toEqual(APP_TREES);
    expect(out.commonJsLlamaIndex).toEqual([]);
    expect(out.warnings).toEqual([]);
  }, 60_000);
});

import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeApp, makeEmptyDir, removeApps, runApp, TSX_CLI } from "./apps.js";

interface Report {
  answer: string;
  trees: string[];
  loaded: string[];
}

/** The chain's tree, then the model invoked alone (it starts its run from @langchain/openai's copy of @langchain/core). */
const TREES = [["say_chain [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]"].join("\n"), "ChatOpenAI [CHAT_MODEL]"];

afterAll(removeApps);

/**
 * A TypeScript ES module application run with tsx, calling plain `autolog()`. tsx compiles a `require()` of
 * @langchain/core's ES module files to CommonJS, a copy of its own: these tests fail unless the copies patched are
 * the ones `import` gave the program — its own @langchain/core and the one its @langchain/openai resolves (pnpm gives
 * this package's @langchain/openai a different copy of @langchain/core 1.4.0 than its own).
 */
describe("a LangChain app written in TypeScript, run with tsx", () => {
  const app = makeApp("1.x");

  it("`tsx chain-app.ts`: records the chain with its ChatOpenAI span, loads no CommonJS copy of @langchain/core", async () => {
    const out = await runApp<Report>(app, [TSX_CLI, "chain-app.ts"]);
    expect(out.answer).toBe("Echo: tsx");
    expect(out.trees).toEqual(TREES);
    expect(out.loaded).toEqual([]);
  }, 60_000);

  it("`node --import tsx chain-app.ts`", async () => {
    const out = await runApp<Report>(app, ["--import", "tsx", "chain-app.ts"]);
    expect(out.trees).toEqual(TREES);
    expect(out.loaded).toEqual([]);
  }, 60_000);

  it("`tsx path/to/chain-app.ts` from a working directory where LangChain does not resolve", async () => {
    const out = await runApp<Report>(makeEmptyDir(), [TSX_CLI, path.join(app, "chain-app.ts")]);
    expect(out.trees).toEqual(TREES);
  }, 60_000);

  it("an app on @langchain/core 0.3, where this package itself resolves 1.4: the app's copy is the one patched", async () => {
    const out = await runApp<Report>(makeApp("0.3"), [TSX_CLI, "chain-app.ts"]);
    expect(out.answer).toBe("Echo: tsx");
    expect(out.trees).toEqual(TREES);
    expect(out.loaded).toEqual([]);
  }, 60_000);
});

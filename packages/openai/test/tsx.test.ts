import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeApp, makeEmptyDir, removeApps, runApp, TSX_CLI } from "./apps.js";
import { MAJORS } from "./helpers.js";

/** The entry modules of `openai` in `require.cache` (openai 7's ES module build itself requires one helper file). */
const entryModules = (loaded: string[]) => loaded.filter((f) => /[\\/]openai[\\/]index\.m?js$/.test(f));

interface Report {
  answer: string;
  spans: string[];
  loaded: string[];
}

afterAll(removeApps);

/**
 * A TypeScript ES module application run with tsx, calling plain `autolog()`. tsx compiles a `require()` of an
 * `.mjs` file to CommonJS, so a naive `require(esm)` would patch a separate copy (and load every file of it):
 * these tests fail unless the copy patched is the one `import "openai"` gave the program.
 */
describe.each(MAJORS)("openai v%i in a TypeScript program run with tsx", (major) => {
  const dir = makeApp(major);

  it("`tsx agent.ts`: records the model calls of clients made before and after autolog(), loads no other copy", async () => {
    const out = await runApp<Report>(dir, [TSX_CLI, "agent.ts"]);
    expect(out.answer).toBe("Echo: tsx");
    expect(out.spans).toEqual(["ChatCompletions", "Embeddings"]);
    expect(entryModules(out.loaded)).toEqual([]);
  });
});

describe("openai v7 under other ways of running tsx", () => {
  const dir = makeApp(7);

  it("`node --import tsx agent.ts`", async () => {
    const out = await runApp<Report>(dir, ["--import", "tsx", "agent.ts"]);
    expect(out.spans).toEqual(["ChatCompletions", "Embeddings"]);
    expect(entryModules(out.loaded)).toEqual([]);
  });

  it("`tsx path/to/agent.ts` from a working directory where openai does not resolve", async () => {
    const out = await runApp<Report>(makeEmptyDir(), [TSX_CLI, path.join(dir, "agent.ts")]);
    expect(out.answer).toBe("Echo: tsx");
    expect(out.spans).toEqual(["ChatCompletions", "Embeddings"]);
  });
});

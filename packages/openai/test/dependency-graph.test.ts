import { afterAll, describe, expect, it } from "vitest";
import { makeFrameworkApp, removeApps, runApp, runAppWithStderr } from "./apps.js";

interface GraphReport {
  own: string[];
  langchain: string[];
  llamaindex: string[];
}

afterAll(removeApps);

describe.each([4, 7])("an application with openai v%i and frameworks that resolve their own copies, autolog() without arguments", (major) => {
  const dir = makeFrameworkApp(major);

  it("ES module program: the app's copy, @langchain/openai's (loaded before autolog) and @llamaindex/openai's import('openai') (after) are all traced", async () => {
    const out = await runApp<GraphReport>(dir, ["graph.mjs"]);
    expect(out.own).toEqual(["ChatCompletions"]);
    expect(out.langchain).toEqual(["ChatCompletions"]);
    expect(out.llamaindex).toEqual(["ChatCompletions"]);
  });

  it("CommonJS program: the same three copies, required or imported", async () => {
    const out = await runApp<GraphReport>(dir, ["graph.cjs"]);
    expect(out.own).toEqual(["ChatCompletions"]);
    expect(out.langchain).toEqual(["ChatCompletions"]);
    expect(out.llamaindex).toEqual(["ChatCompletions"]);
  });
});

describe("an ES module application that never imports openai", () => {
  it("loads no copy of openai, and warns once, naming where it looked", async () => {
    const dir = makeFrameworkApp(7);
    const { report, stderr } = await runAppWithStderr<{ loaded: string[] }>(dir, ["no-openai.mjs"]);
    expect(report.loaded).toEqual([]);
    const warnings = stderr.split("\n").filter((l) => l.includes("found no copy of openai"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(dir);
  });
});

import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeApp, makeEmptyDir, removeApps, runApp } from "./apps.js";
import { MAJORS } from "./helpers.js";

interface Report {
  answer: string;
  streamed?: string;
  spans: string[];
  loaded: string[];
}

afterAll(removeApps);

describe.each(MAJORS)("openai v%i as the application loads it (no arguments to autolog)", (major) => {
  const dir = makeApp(major);

  it("ESM program: patches the ES module copy, clients made before autolog included, loads no CommonJS copy", async () => {
    const out = await runApp<Report>(dir, ["app.mjs"]);
    expect(out.answer).toBe("Echo: esm");
    expect(out.streamed).toBe("Echo: s");
    expect(out.spans).toEqual(["ChatCompletions", "ChatCompletions"]);
    expect(out.loaded.filter((f) => f.endsWith("index.js"))).toEqual([]);
  });

  it("ESM program started from another working directory: the copy is resolved from the module calling autolog()", async () => {
    const out = await runApp<Report>(makeEmptyDir(), [path.join(dir, "app.mjs")]);
    expect(out.answer).toBe("Echo: esm");
    expect(out.spans).toEqual(["ChatCompletions", "ChatCompletions"]);
  });

  it("CommonJS program: patches the copy already required and copies required later, loads no ES module copy", async () => {
    const out = await runApp<Report>(dir, ["app.cjs"]);
    expect(out.answer).toBe("Echo: cjs");
    expect(out.spans).toEqual(["ChatCompletions", "Embeddings"]);
    expect(out.loaded.length).toBeGreaterThan(0);
    expect(out.loaded.filter((f) => f.endsWith(".mjs"))).toEqual([]);
  });

  it("CommonJS program calling autolog() before requiring openai", async () => {
    const out = await runApp<Report>(dir, ["late.cjs"]);
    expect(out.answer).toBe("Echo: late");
    expect(out.spans).toEqual(["Responses"]);
  });
});

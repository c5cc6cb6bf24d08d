import { afterAll, describe, expect, it } from "vitest";
import { makeApp, removeApps, runApp, runAppWithStderr } from "./apps.js";
import { MAJORS } from "./helpers.js";

interface Report {
  answer: string;
  streamed?: string;
  spans: string[];
  loaded: string[];
}

afterAll(removeApps);

describe.each(MAJORS)("@google/genai v%i as the application loads it (no arguments to autolog)", (major) => {
  const dir = makeApp(major);

  it("ESM program: patches the ES module copy, clients made before autolog included, loads no CommonJS copy", async () => {
    const out = await runApp<Report>(dir, ["app.mjs"]);
    expect(out.answer).toBe("Echo: esm");
    expect(out.streamed).toBe("Echo: s");
    expect(out.spans).toEqual(["Models.generateContent", "Models.generateContentStream"]);
    expect(out.loaded.filter((f) => f.endsWith(".cjs"))).toEqual([]);
  });

  it("CommonJS program: patches the copy already required and copies required later, loads no ES module copy", async () => {
    const out = await runApp<Report>(dir, ["app.cjs"]);
    expect(out.answer).toBe("Echo: cjs");
    expect(out.spans).toEqual(["Models.generateContent", "Models.embedContent"]);
    expect(out.loaded.length).toBeGreaterThan(0);
    expect(out.loaded.filter((f) => f.endsWith(".mjs"))).toEqual([]);
  });

  it("CommonJS program calling autolog() before requiring @google/genai: a chat call is one span", async () => {
    const out = await runApp<Report>(dir, ["late.cjs"]);
    expect(out.answer).toBe("Echo: late");
    expect(out.spans).toEqual(["Models.generateContent"]);
  });

  it("a program that never loads @google/genai is warned once, at exit, where autolog() looked; no other warning", async () => {
    const { stderr } = await runAppWithStderr(dir, ["no-genai.mjs"]);
    expect(stderr.match(/found no copy of @google\/genai to patch/g)).toHaveLength(1);
    expect(stderr).toContain(dir.split("/").at(-1));
    expect(stderr).not.toMatch(/MaxListeners/);
  });
});

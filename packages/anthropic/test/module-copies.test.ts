import { afterAll, describe, expect, it } from "vitest";
import { makeApp, removeApps, runApp } from "./apps.js";
import { MAJORS } from "./helpers.js";

interface Report {
  answer: string;
  streamed?: string;
  spans: string[];
  loaded: string[];
}

afterAll(removeApps);

describe.each(MAJORS)("@anthropic-ai/sdk %i.x as the application loads it (no arguments to autolog)", (major) => {
  const dir = makeApp(major);

  it("ESM program: patches the ES module copy, a client made before autolog included, loads no CommonJS copy", async () => {
    const out = await runApp<Report>(dir, ["app.mjs"]);
    expect(out).toEqual({ answer: "Echo: esm", streamed: "Echo: s", spans: ["Messages.create", "Messages.create"], loaded: [] });
  });

  it("CommonJS program: patches the copy already required, loads no ES module copy", async () => {
    const out = await runApp<Report>(dir, ["app.cjs"]);
    expect(out.answer).toBe("Echo: cjs");
    expect(out.streamed).toBe("Echo: s");
    expect(out.spans).toEqual(["Messages.create", "Messages.create"]);
    expect(out.loaded.length).toBeGreaterThan(0);
    expect(out.loaded.filter((f) => f.endsWith(".mjs"))).toEqual([]);
  });

  it("CommonJS program calling autolog() before requiring the SDK", async () => {
    const out = await runApp<Report>(dir, ["late.cjs"]);
    expect(out).toEqual({ answer: "1", spans: ["Messages.countTokens"], loaded: [] });
  });
});

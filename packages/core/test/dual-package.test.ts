import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dist = join(__dirname, "../dist");

describe("dual package (ESM and CJS builds loaded in one process)", () => {
  it("shares one active context, one set of open traces and one store", async () => {
    const esm = await import(join(dist, "index.js"));
    const cjs = createRequire(__filename)(join(dist, "index.cjs"));
    expect(esm.trace).not.toBe(cjs.trace);
    await esm.configure({ trackingUri: "memory:" });
    const child = cjs.trace(function cjs_child(x: number) {
      return x + 1;
    });
    const root = esm.trace(async function esm_root() {
      return child(1);
    });
    expect(await root()).toBe(2);
    await cjs.flush();
    const t = await new cjs.TraceClient().getTrace(esm.getLastTraceId());
    expect(t.spans.map((s: { name: string }) => s.name)).toEqual(["esm_root", "cjs_child"]);
    expect(t.spans[1].parentId).toBe(t.spans[0].spanId);
  });
});

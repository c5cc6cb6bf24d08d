import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure } from "@traceloom/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { autolog, findLlamaIndexCoreCopies } from "../src/index.js";

const here = join(import.meta.dirname, "..");
const realCoreDir = realpathSync(join(here, "node_modules/@llamaindex/core"));
const realLlamaIndexDir = realpathSync(join(here, "node_modules/llamaindex"));

/**
 * An app folder whose own @llamaindex/core is a second installed copy (a real copy of the package files), next to
 * the real llamaindex, which keeps resolving its own: what mismatched exact pins produce.
 */
let app: string;

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), "traceloom-drift-"));
  mkdirSync(join(app, "node_modules", "@llamaindex"), { recursive: true });
  cpSync(realCoreDir, join(app, "node_modules", "@llamaindex", "core"), { recursive: true });
  symlinkSync(realLlamaIndexDir, join(app, "node_modules", "llamaindex"), "dir");
});

afterAll(() => rmSync(app, { recursive: true, force: true }));

describe("version drift", () => {
  it("finds one copy of @llamaindex/core when the pins agree", () => {
    expect(findLlamaIndexCoreCopies([here])).toEqual([realCoreDir]);
  });

  it("finds both copies when the app's @llamaindex/core differs from the one llamaindex uses", () => {
    expect(findLlamaIndexCoreCopies([app])).toEqual([realpathSync(join(app, "node_modules/@llamaindex/core")), realCoreDir].sort());
  });

  it("warns once, clearly, from autolog() in such an app", () => {
    const lines: string[] = [];
    configure({ trackingUri: "memory:", logger: (line) => lines.push(line) });
    const cwd = process.cwd();
    process.chdir(app);
    try {
      autolog();
      autolog({ disable: true });
      autolog();
    } finally {
      process.chdir(cwd);
      autolog({ disable: true });
    }
    const warnings = lines.filter((l) => l.includes("copies of @llamaindex/core"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(realCoreDir);
    expect(warnings[0]).toContain("Pin llamaindex and every @llamaindex/* package");
  });
});

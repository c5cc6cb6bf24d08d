import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInThisContext } from "node:vm";
import { configure, type AutologOptions } from "@traceloom/core";
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

/** Calls `autolog()` as a module of the app does: from code whose file is in the app's folder. */
function autologFromApp(options?: AutologOptions): void {
  const call = runInThisContext("(autolog, options) => autolog(options)", { filename: join(app, "start.js") }) as (
    fn: typeof autolog,
    options?: AutologOptions,
  ) => void;
  call(autolog, options);
}

describe("version drift", () => {
  it("finds one copy of @llamaindex/core when the pins agree", () => {
    expect(findLlamaIndexCoreCopies([here])).toEqual([realCoreDir]);
  });

  it("finds both copies when the app's @llamaindex/core differs from the one llamaindex uses", () => {
    expect(findLlamaIndexCoreCopies([app])).toEqual([realpathSync(join(app, "node_modules/@llamaindex/core")), realCoreDir].sort());
  });

  it("finds the copy a provider package pinned to another @llamaindex/core installed for itself", () => {
    const other = mkdtempSync(join(tmpdir(), "traceloom-drift-provider-"));
    try {
      mkdirSync(join(other, "node_modules", "@llamaindex"), { recursive: true });
      symlinkSync(realCoreDir, join(other, "node_modules", "@llamaindex", "core"), "dir");
      // npm nests a provider's own core when its exact pin differs from the application's
      const provider = join(other, "node_modules", "@llamaindex", "ollama");
      mkdirSync(join(provider, "node_modules", "@llamaindex"), { recursive: true });
      writeFileSync(
        join(provider, "package.json"),
        JSON.stringify({ name: "@llamaindex/ollama", version: "0.1.0", dependencies: { "@llamaindex/core": "0.6.21" }, repository: { directory: "packages/providers/ollama" } }),
      );
      cpSync(realCoreDir, join(provider, "node_modules", "@llamaindex", "core"), { recursive: true });
      expect(findLlamaIndexCoreCopies([other])).toEqual([realpathSync(join(provider, "node_modules/@llamaindex/core")), realCoreDir].sort());
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("warns once, clearly, from autolog() in such an app", () => {
    const lines: string[] = [];
    configure({ trackingUri: "memory:", logger: (line) => lines.push(line) });
    try {
      autologFromApp();
      autologFromApp({ disable: true });
      autologFromApp();
    } finally {
      autolog({ disable: true });
    }
    const warnings = lines.filter((l) => l.includes("copies of @llamaindex/core"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(realCoreDir);
    expect(warnings[0]).toContain("Pin llamaindex and every @llamaindex/* package");
  });
});

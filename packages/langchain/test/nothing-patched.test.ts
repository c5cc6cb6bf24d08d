import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";

const pkgDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dir = mkdtempSync(path.join(tmpdir(), "traceloom-langchain-none-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("autolog() in an application without LangChain warns once, naming where it looked", async () => {
  mkdirSync(path.join(dir, "node_modules", "@traceloom"), { recursive: true });
  symlinkSync(pkgDir, path.join(dir, "node_modules", "@traceloom", "langchain"), "dir");
  symlinkSync(realpathSync(path.join(pkgDir, "node_modules", "@traceloom", "core")), path.join(dir, "node_modules", "@traceloom", "core"), "dir");
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "no-langchain", private: true }));
  writeFileSync(path.join(dir, "app.cjs"), 'const { autolog } = require("@traceloom/langchain");\nautolog();\nautolog();\nsetTimeout(() => {}, 50);\n');
  const { stderr } = await promisify(execFile)(process.execPath, ["app.cjs"], { cwd: dir, timeout: 30_000 });
  const warnings = stderr.split("\n").filter((l) => l.includes("found no copy of @langchain/core"));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain(realpathSync(dir));
});

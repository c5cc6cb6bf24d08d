import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applicationProviderPackages } from "../src/copies/provider-packages.js";

const app = mkdtempSync(path.join(tmpdir(), "traceloom-llamaindex-providers-"));
afterAll(() => rmSync(app, { recursive: true, force: true }));

/** Installs a package folder with just its package.json, published from `directory` of LlamaIndex's repository. */
function install(at: string, name: string, directory: string): void {
  const root = path.join(at, "node_modules", name);
  mkdirSync(root, { recursive: true });
  const repository = { type: "git", url: "git+https://github.com/run-llama/LlamaIndexTS.git", directory };
  writeFileSync(path.join(root, "package.json"), JSON.stringify({ name, version: "1.0.0", repository }));
}

describe("the provider packages found for autolog()", () => {
  it("are the @llamaindex packages of LlamaIndex's providers installed for the application, here or in a parent folder", () => {
    install(app, "@llamaindex/anthropic", "packages/providers/anthropic");
    install(app, "@llamaindex/pinecone", "packages/providers/storage/pinecone");
    install(app, "@llamaindex/core", "packages/core");
    const nested = path.join(app, "apps", "agent");
    install(nested, "@llamaindex/ollama", "packages/providers/ollama");
    writeFileSync(path.join(nested, "main.js"), "");

    expect(applicationProviderPackages(path.join(nested, "main.js")).sort()).toEqual(["@llamaindex/anthropic", "@llamaindex/ollama"]);
  });
});

import { describe, expect, it } from "vitest";
import { MANAGERS, programFiles, useInstalledApps } from "./app-suite.js";
import { plainOpenAICases, PLAIN_OPENAI_PROGRAMS } from "./openai-cases.js";
import { installedVersion } from "../support/installed-package.js";
import { traceTokenUsage, treeOf } from "../support/stored-traces.js";

const LLAMAINDEX_PROGRAMS = ["llamaindex-autolog.mjs", "llamaindex-autolog.cjs"];

// LlamaIndex with its OpenAI provider package, which pins openai 5, in an app that calls openai 7 itself.
const suite = useInstalledApps({
  name: "llamaindex",
  traceloom: ["openai", "llamaindex"],
  dependencies: { llamaindex: "0.12.1", "@llamaindex/openai": "0.4.22", openai: "7.57.0" },
  files: programFiles(...LLAMAINDEX_PROGRAMS, ...PLAIN_OPENAI_PROGRAMS),
});

describe.each(MANAGERS)("LlamaIndex app installed with %s", (manager) => {
  it("is laid out so: @llamaindex/openai resolves its own openai 5", () => {
    expect(installedVersion(suite.dir(manager), "@llamaindex/openai", "openai")).toMatch(/^5\./);
  });

  it.each(LLAMAINDEX_PROGRAMS)("%s: OpenAI.chat → ChatCompletions, one trace, tokens counted once", async (file) => {
    const run = await suite.run(manager, file);
    expect(run.output).toEqual({ reply: "Echo: Tell me about bears" });
    expect(run.traces.map(treeOf)).toEqual(["OpenAI.chat [CHAT_MODEL]\n  ChatCompletions [CHAT_MODEL]"]);
    expect(run.traces.map(traceTokenUsage)).toEqual([{ input_tokens: 4, output_tokens: 5, total_tokens: 9 }]);
    expect(run.traces[0].spans.find((s) => s.name === "ChatCompletions")?.tokenUsage).toEqual({ input_tokens: 4, output_tokens: 5, total_tokens: 9 });
    expect(run.stderr).not.toMatch(/traceloom/i);
  });

  describe("the app's own openai 7", () => plainOpenAICases(suite, manager, 7));
});

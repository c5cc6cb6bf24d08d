import path from "node:path";
import { fileURLToPath } from "node:url";
import { Agent, MCPServerStdio, run } from "@openai/agents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCalcSuite } from "./calc-agent.js";
import { onlyTrace, spanNamed, treeOf, useMemoryStore } from "./trace-helpers.js";

const serverScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "mcp-dictionary.mjs");

describe("MCP servers", () => {
  const suite = useCalcSuite();
  const dictionary = new MCPServerStdio({ name: "dictionary", command: process.execPath, args: [serverScript], cacheToolsList: true });
  beforeAll(() => dictionary.connect(), 30_000);
  afterAll(() => dictionary.close());

  it("records the MCP tool listing and the MCP tool call, with the call's arguments, result and MCP data", async () => {
    const client = await useMemoryStore();
    const agent = new Agent({ name: "Lexicon", instructions: "Define words.", mcpServers: [dictionary], model: "gpt-4o-mini" });
    suite().fake.script({ toolCalls: [{ name: "define", arguments: { word: "loom" } }] }, "A loom weaves.");
    expect((await run(agent, "What is a loom?")).finalOutput).toBe("A loom weaves.");
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(
      [
        "Agent workflow [CHAIN]",
        "  Lexicon [AGENT]",
        "    turn 1 [CHAIN]",
        "      response [CHAT_MODEL]",
        "      define [TOOL]",
        // The SDK lists the server's tools once the first turn began, under the agent.
        "    mcp list_tools dictionary [TOOL]",
        "    turn 2 [CHAIN]",
        "      response [CHAT_MODEL]",
      ].join("\n"),
    );
    expect(spanNamed(trace, "mcp list_tools dictionary").outputs).toEqual(["define"]);
    const call = spanNamed(trace, "define");
    expect(call.inputs).toEqual({ word: "loom" });
    expect(JSON.stringify(call.outputs)).toContain("loom: a machine for weaving");
    expect(call.attributes["openai_agents.mcp_data"]).toMatchObject({ server: "dictionary" });
  });
});

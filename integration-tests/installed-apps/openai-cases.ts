import { expect, it } from "vitest";
import { installedVersion } from "../support/installed-package.js";
import type { PackageManager } from "../support/packed-app.js";
import { traceTokenUsage, treeOf } from "../support/stored-traces.js";
import type { AppSuite } from "./app-suite.js";

/** The plain OpenAI programs. */
export const PLAIN_OPENAI_PROGRAMS = ["openai-plain.mjs", "openai-plain.cjs"];

/**
 * The plain OpenAI cases for the app installed with `manager`, whose own `openai` is major `major`: a chat completion
 * and a streamed one, each its own `ChatCompletions` trace with what was sent and received.
 */
export function plainOpenAICases(suite: AppSuite, manager: PackageManager, major: number): void {
  it(`is laid out so: the app's own openai is ${major}`, () => {
    expect(installedVersion(suite.dir(manager), "openai")).toMatch(new RegExp(`^${major}\\.`));
  });

  it.each(PLAIN_OPENAI_PROGRAMS)("%s: a call and a stream, one ChatCompletions trace each", async (file) => {
    const run = await suite.run(manager, file);
    expect(run.output).toEqual({ reply: "Echo: Tell me about bears", streamed: "Echo: Tell me about rivers" });
    expect(run.traces.map(treeOf)).toEqual(["ChatCompletions [CHAT_MODEL]", "ChatCompletions [CHAT_MODEL]"]);
    expect(run.traces.map(traceTokenUsage)).toEqual([{ input_tokens: 4, output_tokens: 5, total_tokens: 9 }, undefined]);
    const [call, stream] = run.traces.map((t) => t.spans[0]);
    expect(JSON.stringify(call.inputs)).toContain("Tell me about bears");
    expect(JSON.stringify(call.outputs)).toContain("Echo: Tell me about bears");
    expect(JSON.stringify(stream.inputs)).toContain("Tell me about rivers");
    expect(JSON.stringify(stream.outputs)).toContain("Echo: Tell me about rivers");
    expect(stream.events.map((e) => e.name)).not.toContain("cancelled");
    expect(run.stderr).not.toMatch(/traceloom/i);
  });
}

import { describe, expect, it } from "vitest";
import { LOOP_TREE, LOOP_USAGE, scriptTwoToolLoop, useCalcSuite, type AgentsSdk } from "./calc-agent.js";
import { childrenWithinParents, onlyTrace, spanNamed, spansNamed, treeOf, useMemoryStore } from "./trace-helpers.js";

/** The two-tool agent loop, recorded as exactly the intended tree, for one copy of the SDK. */
export function twoToolLoopSuite(label: string, sdk: AgentsSdk): void {
  describe(`two-tool agent loop (${label})`, () => {
    const suite = useCalcSuite(sdk);

    it("records the run, agent, three turns with one response each and the two tool calls, in order", async () => {
      const client = await useMemoryStore();
      scriptTwoToolLoop(suite().fake);
      const result = await sdk.run(suite().agent, "What is (2 + 3) * 4?");
      expect(result.finalOutput).toBe("The answer is 20");
      const trace = await onlyTrace(client);
      expect(treeOf(trace)).toBe(LOOP_TREE);
      expect(childrenWithinParents(trace)).toBe(true);
      expect(trace.info.state).toBe("OK");
    });

    it("records tokens per step and per trace exactly as the stand-in returned them", async () => {
      const client = await useMemoryStore();
      scriptTwoToolLoop(suite().fake);
      await sdk.run(suite().agent, "What is (2 + 3) * 4?");
      const trace = await onlyTrace(client);
      expect(spansNamed(trace, "response").map((s) => s.tokenUsage)).toEqual(LOOP_USAGE.steps);
      expect(JSON.parse(trace.info.metadata["mlflow.trace.tokenUsage"])).toEqual(LOOP_USAGE.total);
    });

    it("records inputs and outputs in the chat view's Responses format, and tool arguments and results", async () => {
      const client = await useMemoryStore();
      scriptTwoToolLoop(suite().fake);
      await sdk.run(suite().agent, "What is (2 + 3) * 4?");
      const trace = await onlyTrace(client);
      const [, second, third] = spansNamed(trace, "response");
      expect(second.inputs).toMatchObject({
        model: "gpt-4o-mini",
        instructions: "Use the tools.",
        input: [
          { role: "user", content: "What is (2 + 3) * 4?" },
          { type: "function_call", call_id: "call_1", name: "add", arguments: '{"a":2,"b":3}' },
          { type: "function_call_output", call_id: "call_1", output: "5" },
        ],
      });
      expect(second.outputs).toMatchObject({ output: [{ type: "function_call", name: "multiply", call_id: "call_2" }] });
      expect(third.outputs).toMatchObject({ output: [{ type: "message", content: [{ type: "output_text", text: "The answer is 20" }] }] });
      expect(second.attributes["mlflow.message.format"]).toBe("openai");
      const add = spanNamed(trace, "add");
      expect(add.inputs).toEqual({ a: 2, b: 3 });
      expect(add.outputs).toBe("5");
      expect(spanNamed(trace, "multiply").outputs).toBe("20");
      const agent = spanNamed(trace, "Calculator");
      expect(agent.inputs).toEqual({ input: [{ type: "message", role: "user", content: "What is (2 + 3) * 4?" }] });
      expect(agent.outputs).toEqual(third.outputs && { output: (third.outputs as { output: unknown }).output });
      expect(agent.attributes["openai_agents.tools"]).toEqual(["add", "multiply"]);
      expect(trace.info.requestPreview).toContain("What is (2 + 3) * 4?");
      expect(trace.info.responsePreview).toBe("The answer is 20");
    });
  });
}

import { Agent, InputGuardrailTripwireTriggered, run } from "@openai/agents";
import { describe, expect, it } from "vitest";
import { useCalcSuite } from "./calc-agent.js";
import { onlyTrace, spanNamed, treeOf, useMemoryStore } from "./trace-helpers.js";

describe("handoffs and guardrails", () => {
  const suite = useCalcSuite();
  const spanish = new Agent({ name: "Spanish", instructions: "Answer in Spanish.", model: "gpt-4o-mini" });
  const guardrail = (tripped: boolean) => ({
    name: "no_math",
    execute: async () => ({ outputInfo: { checked: true }, tripwireTriggered: tripped }),
  });

  it("records a handoff between two agents, and a guardrail that passed", async () => {
    const client = await useMemoryStore();
    const triage = new Agent({ name: "Triage", instructions: "Route.", handoffs: [spanish], inputGuardrails: [guardrail(false)], model: "gpt-4o-mini" });
    suite().fake.script({ toolCalls: [{ name: "transfer_to_Spanish", arguments: {} }] }, "Hola");
    const result = await run(triage, "hola");
    expect(result.finalOutput).toBe("Hola");
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(
      [
        "Agent workflow [CHAIN]",
        "  Triage [AGENT]",
        "    turn 1 [CHAIN]",
        "      response [CHAT_MODEL]",
        "      handoff to Spanish [CHAIN]",
        "    no_math [CHAIN]",
        "  Spanish [AGENT]",
        "    turn 2 [CHAIN]",
        "      response [CHAT_MODEL]",
      ].join("\n"),
    );
    const handoff = spanNamed(trace, "handoff to Spanish");
    expect(handoff.inputs).toEqual({ from_agent: "Triage" });
    expect(handoff.outputs).toEqual({ to_agent: "Spanish" });
    expect(spanNamed(trace, "no_math").outputs).toEqual({ triggered: false });
    expect(spanNamed(trace, "Triage").attributes["openai_agents.handoffs"]).toEqual(["Spanish"]);
    expect(trace.info.state).toBe("OK");
  });

  it("records a tripped guardrail, and the run failing with the SDK's error", async () => {
    const client = await useMemoryStore();
    const guarded = new Agent({ name: "Guarded", instructions: "Answer.", inputGuardrails: [guardrail(true)], model: "gpt-4o-mini" });
    suite().fake.script("never sent");
    await expect(run(guarded, "2 + 2?")).rejects.toBeInstanceOf(InputGuardrailTripwireTriggered);
    const trace = await onlyTrace(client);
    const check = spanNamed(trace, "no_math");
    expect(check.outputs).toEqual({ triggered: true });
    expect(check.status.code).toBe("STATUS_CODE_OK");
    const agent = spanNamed(trace, "Guarded");
    expect(agent.status.code).toBe("STATUS_CODE_ERROR");
    expect(agent.events.find((e) => e.name === "exception")?.attributes["exception.type"]).toBe("InputGuardrailTripwireTriggered");
    expect(trace.info.state).toBe("ERROR");
  });
});

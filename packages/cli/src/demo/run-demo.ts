import OpenAI from "openai";
import { configure, flush, formatTrace, getLastTraceId, shutdown, TraceClient } from "@traceloom/core";
import { autolog } from "@traceloom/openai";
import { startFakeOpenAI } from "@traceloom/testkit";
import { createTravelAgent } from "./agent.js";
import { runAnthropicDemo } from "./anthropic-demo.js";
import { demoModel } from "./fake-model.js";
import { runGeminiScenario } from "./gemini-scenario.js";

/** The questions the demo asks: a tool loop, a plain answer, a failing tool, and a failing model call. */
export const DEMO_QUESTIONS = [
  "What's the weather in Paris, and what should I pack?",
  "How do I open the trace viewer?",
  "What's the weather in Atlantis?",
  "Summarise my last 1000 conversations.",
] as const;

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Where traces go (a SQLite file path or sqlite:/// URI). */
  trackingUri: string;
  /** The experiment the demo's traces are filed under. Default "demo". */
  experimentName?: string;
  write(text: string): void;
  color?: boolean;
}

/** What the demo recorded. */
export interface DemoResult {
  traceIds: string[];
}

/**
 * Runs the demo agent against a loopback fake OpenAI server (no network, no API key) with the real `openai` SDK
 * traced by `autolog()`, records one trace per question in the store, then the Gemini scenario (a `@google/genai` chat
 * session calling a function, see gemini-scenario.ts), and prints the first trace's tree.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { write } = options;
  await configure({ trackingUri: options.trackingUri, experimentName: options.experimentName ?? "demo" });
  autolog();
  const fake = await startFakeOpenAI({ handler: demoModel });
  const traceIds: string[] = [];
  try {
    const client = new OpenAI({ baseURL: fake.url, apiKey: "demo-key-not-a-secret", maxRetries: 0 });
    const agent = createTravelAgent(client);
    write(`Running a small tool-calling agent against a local stand-in for the OpenAI API (${fake.url}).\n\n`);
    for (const question of DEMO_QUESTIONS) {
      const before = getLastTraceId();
      try {
        const answer = await agent(question);
        write(`Q: ${question}\nA: ${answer}\n\n`);
      } catch (err) {
        write(`Q: ${question}\n✗ ${(err as Error).message} (this failure is part of the demo)\n\n`);
      }
      const id = getLastTraceId();
      if (id && id !== before) traceIds.push(id);
    }
    traceIds.push(...(await runGeminiScenario(write)));
    traceIds.push(...(await runAnthropicDemo(write)));
    await flush();
    const first = traceIds[0] ? await new TraceClient().getTrace(traceIds[0]) : undefined;
    if (first) write(`${formatTrace(first, { color: options.color ?? false })}\n\n`);
  } finally {
    await fake.close();
    await shutdown();
  }
  return { traceIds };
}

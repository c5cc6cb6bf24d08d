import { configure, flush, getLastTraceId, shutdown, startRun, trace, withRun, withSpan } from "@traceloom/core";

/** What {@link recordRuns} wrote. */
export interface SeededRuns {
  /** "eval-weather": FINISHED, params model/top_k, three traces (the third fails). */
  evalRunId: string;
  evalTraceIds: string[];
  /** "dry-run": FINISHED without any trace (started after eval-weather). */
  emptyRunId: string;
  /** "smoke": KILLED, one trace. */
  smokeRunId: string;
  /** A trace outside any run. */
  outsideId: string;
}

/** Records three runs and a trace outside them into the store at `path` (real tracing, real SQLite), then shuts down. */
export async function recordRuns(path: string): Promise<SeededRuns> {
  await configure({ trackingUri: path });
  const ask = trace(
    async (city: string) => {
      await withSpan({ name: "get_weather", spanType: "TOOL", inputs: { city } }, () => `sunny in ${city}`);
      await withSpan({ name: "llm", spanType: "CHAT_MODEL" }, (s) => s.setTokenUsage({ input_tokens: 12, output_tokens: 5 }));
      if (city === "Atlantis") throw new Error("no such city");
      return `It is sunny in ${city}`;
    },
    { name: "weather_agent", spanType: "AGENT" },
  );
  const evalTraceIds: string[] = [];
  const evalRunId = await withRun({ name: "eval-weather", params: { model: "gpt-4o-mini", top_k: 3 }, tags: { suite: "weather" } }, async (run) => {
    for (const city of ["Paris", "Rome", "Atlantis"]) {
      await ask(city).catch(() => undefined);
      evalTraceIds.push(getLastTraceId()!);
    }
    return run.runId;
  });
  const emptyRunId = await withRun({ name: "dry-run" }, (run) => run.runId);
  const smoke = await startRun({ name: "smoke" });
  await ask("Oslo");
  await smoke.end({ status: "KILLED" });
  await ask("Lima");
  const outsideId = getLastTraceId()!;
  await flush();
  await shutdown();
  return { evalRunId, evalTraceIds, emptyRunId, smokeRunId: smoke.runId, outsideId };
}

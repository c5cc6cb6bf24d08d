/**
 * Per-call overhead of OpenAI instrumentation: the real `openai` SDK against the loopback fake server, one worker
 * process per configuration, all alive at once and driven in interleaved rounds (the order rotates every round),
 * so drift in machine load hits every configuration alike. Overhead = median(instrumented) − median(baseline),
 * taken per round and then the median over rounds (plus the pooled median, p90 and mean differences, and the
 * difference in CPU time per call, which counts the export work done between calls too).
 */
import { readFileSync } from "node:fs";
import { startFakeAnthropic, startFakeOpenAI } from "@traceloom/testkit";
import { median, quantile, summarize } from "../stats.mjs";
import { startIngestionSink } from "./ingestion-sink.mjs";
import { WorkerHandle } from "./worker-handle.mjs";

/** Configurations measured; the first is the baseline. */
export const CONFIGS = [
  "baseline",
  "traceloom-sink",
  "traceloom-sqlite",
  "traceloom-sink-hooks-on",
  "langfuse",
  "openllmetry",
  "openinference",
  // the Anthropic plugin, by the same method, against a baseline of its own SDK
  "anthropic-baseline",
  "anthropic-traceloom-sink",
];

/** Version of a package installed for the bench, read from its package.json (some export maps hide it). */
function versionOf(pkg) {
  try {
    return JSON.parse(readFileSync(new URL(`../../node_modules/${pkg}/package.json`, import.meta.url), "utf8")).version;
  } catch {
    return "unknown";
  }
}

/** Versions of the SDK and every peer, for the report. */
export function peerVersions() {
  return Object.fromEntries(
    ["openai", "@anthropic-ai/sdk", "langfuse", "@traceloop/instrumentation-openai", "@arizeai/openinference-instrumentation-openai", "@opentelemetry/sdk-trace-base"].map((p) => [p, versionOf(p)]),
  );
}

function mean(samples) {
  return samples.reduce((a, b) => a + b, 0) / samples.length;
}

/** Starts every worker and waits for each to be ready; a configuration that cannot start keeps its error. */
async function startWorkers(env) {
  const workers = CONFIGS.map((config) => ({ config, handle: new WorkerHandle(config, env), error: undefined, rounds: [], cpu: [] }));
  for (const w of workers) {
    try {
      await w.handle.next(60_000);
    } catch (err) {
      w.error = err.message;
      w.handle.kill();
    }
  }
  return workers;
}

/**
 * Overhead figures of one configuration against the baseline, in ms; round i of each was measured back to back.
 * @param {{ rounds: number[][], cpu: number[] }} w per-round call times and CPU time per call
 * @param {{ rounds: number[][], cpu: number[] }} baseline the same for the baseline
 */
export function compare(w, baseline) {
  const all = w.rounds.flat();
  const base = baseline.rounds.flat();
  const perRound = w.rounds.map((r, i) => median(r) - median(baseline.rounds[i]));
  return {
    pairedMedian: median(perRound),
    pairedIqr: [quantile(perRound, 0.25), quantile(perRound, 0.75)],
    cpuPerCall: median(w.cpu.map((c, i) => c - baseline.cpu[i])),
    median: median(all) - median(base),
    p90: quantile(all, 0.9) - quantile(base, 0.9),
    mean: mean(all) - mean(base),
  };
}

/**
 * Runs the comparison. Many short rounds rather than a few long ones: each configuration is then compared with a
 * baseline measured moments apart, which is what cancels the load other processes put on a shared machine.
 * @param {{ rounds?: number, callsPerRound?: number, warmupCalls?: number }} [options]
 */
export async function runOpenAIOverhead({ rounds = 150, callsPerRound = 50, warmupCalls = 400 } = {}) {
  const fake = await startFakeOpenAI();
  const fakeAnthropic = await startFakeAnthropic();
  const sink = await startIngestionSink();
  const workers = await startWorkers({ FAKE_OPENAI_URL: fake.url, FAKE_ANTHROPIC_URL: fakeAnthropic.url, LANGFUSE_SINK_URL: sink.url });
  try {
    const live = () => workers.filter((w) => !w.error);
    for (const w of live()) {
      try {
        await w.handle.request({ type: "run", calls: warmupCalls });
      } catch (err) {
        w.error = err.message;
      }
    }
    for (let r = 0; r < rounds; r++) {
      const order = live();
      const rotated = [...order.slice(r % order.length), ...order.slice(0, r % order.length)];
      for (const w of rotated) {
        try {
          const { samples, cpuMsPerCall } = await w.handle.request({ type: "run", calls: callsPerRound });
          w.rounds.push(samples);
          w.cpu.push(cpuMsPerCall);
        } catch (err) {
          w.error = err.message;
        }
      }
    }
    for (const w of live()) {
      try {
        const finished = await w.handle.request({ type: "finish" });
        w.recorded = finished.recorded;
        w.rssMB = finished.rss / 2 ** 20;
      } catch (err) {
        w.error = err.message;
      }
    }
  } finally {
    for (const w of workers) w.handle.kill();
    await fake.close();
    await fakeAnthropic.close();
    await sink.close();
  }
  const baseline = workers[0];
  if (baseline.error) throw new Error(`the baseline configuration failed: ${baseline.error}`);
  const calls = baseline.rounds.flat().length;
  const configs = await Promise.all(
    workers.map(async (w) => {
      const { description, baseline: baselineName, isBaseline } = await import(`./configs/${w.config}.mjs`);
      if (w.error) return { name: w.config, description, error: w.error };
      const row = { name: w.config, description, summary: summarize(w.rounds.flat()), cpuMsPerCall: median(w.cpu), recorded: w.recorded, rssMB: w.rssMB };
      // each configuration against the baseline of its own SDK (the first configuration unless it names another)
      const own = baselineName ? workers.find((b) => b.config === baselineName) : baseline;
      if (!isBaseline && w !== own && own && !own.error) row.overhead = compare(w, own);
      return row;
    }),
  );
  const langfuse = configs.find((c) => c.name === "langfuse");
  if (langfuse && !langfuse.error) langfuse.recorded = sink.events["generation-create"] ?? 0;
  return { rounds, callsPerRound, warmupCalls, calls, expectedSpans: calls + warmupCalls + 1, versions: peerVersions(), langfuseEvents: { ...sink.events }, configs };
}

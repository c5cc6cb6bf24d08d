/**
 * Per-call overhead of `@traceloom/google-genai`, next to `@traceloom/openai`'s, by the OpenAI benchmark's method
 * (see ../openai/overhead.mjs): the real SDKs against the loopback fake servers, one worker process per
 * configuration, all alive at once and driven in interleaved rounds whose order rotates, each plugin compared with
 * its own SDK's baseline measured in the same rounds (per-round median difference, CPU time per call).
 */
import { fileURLToPath } from "node:url";
import { startFakeGemini, startFakeOpenAI } from "@traceloom/testkit";
import { median, summarize } from "../stats.mjs";
import { compare } from "../openai/overhead.mjs";
import { WorkerHandle } from "../openai/worker-handle.mjs";

const GEMINI_WORKER = fileURLToPath(new URL("./worker.mjs", import.meta.url));

/** The configurations: each SDK's baseline and traceloom's plugin for it (with a counting sink, no local store). */
export const GEMINI_CONFIGS = [
  { sdk: "openai", config: "baseline", worker: undefined },
  { sdk: "openai", config: "traceloom-sink", worker: undefined },
  { sdk: "gemini", config: "baseline", worker: GEMINI_WORKER },
  { sdk: "gemini", config: "traceloom-sink", worker: GEMINI_WORKER },
];

/**
 * Runs the comparison; fewer rounds than the OpenAI-vs-peers run by default (four workers, not seven).
 * @param {{ rounds?: number, callsPerRound?: number, warmupCalls?: number }} [options]
 */
export async function runGeminiOverhead({ rounds = 80, callsPerRound = 50, warmupCalls = 400 } = {}) {
  const openai = await startFakeOpenAI();
  const gemini = await startFakeGemini();
  const env = { FAKE_OPENAI_URL: openai.url, FAKE_GEMINI_URL: gemini.url };
  const workers = GEMINI_CONFIGS.map((c) => ({ ...c, handle: new WorkerHandle(c.config, env, c.worker), rounds: [], cpu: [] }));
  try {
    for (const w of workers) await w.handle.next(60_000);
    for (const w of workers) await w.handle.request({ type: "run", calls: warmupCalls });
    for (let r = 0; r < rounds; r++) {
      const rotated = [...workers.slice(r % workers.length), ...workers.slice(0, r % workers.length)];
      for (const w of rotated) {
        const { samples, cpuMsPerCall } = await w.handle.request({ type: "run", calls: callsPerRound });
        w.rounds.push(samples);
        w.cpu.push(cpuMsPerCall);
      }
    }
    for (const w of workers) w.recorded = (await w.handle.request({ type: "finish" })).recorded;
  } finally {
    for (const w of workers) w.handle.kill();
    await openai.close();
    await gemini.close();
  }
  const baselineOf = (sdk) => workers.find((w) => w.sdk === sdk && w.config === "baseline");
  const calls = workers[0].rounds.flat().length;
  return {
    rounds,
    callsPerRound,
    warmupCalls,
    calls,
    expectedSpans: calls + warmupCalls + 1,
    rows: workers.map((w) => ({
      sdk: w.sdk,
      name: w.config,
      summary: summarize(w.rounds.flat()),
      cpuMsPerCall: median(w.cpu),
      recorded: w.recorded,
      ...(w.config === "baseline" ? {} : { overhead: compare(w, baselineOf(w.sdk)) }),
    })),
  };
}

// Alone: `node src/gemini/overhead.mjs [rounds]` prints the JSON.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rounds = Number(process.argv[2] ?? 80);
  process.stdout.write(`${JSON.stringify(await runGeminiOverhead({ rounds }), null, 2)}\n`);
}

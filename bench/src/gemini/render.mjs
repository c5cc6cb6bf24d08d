/**
 * The RESULTS.md section of the Gemini overhead run: @traceloom/google-genai's per-call overhead beside
 * @traceloom/openai's, measured in the same interleaved rounds.
 */
import { int, ms, table } from "../format.mjs";

/**
 * @param {Awaited<ReturnType<typeof import("./overhead.mjs").runGeminiOverhead>>} g
 * @returns {string}
 */
export function geminiSection(g) {
  const rows = g.rows.map((r) => [
    r.sdk === "openai" ? "`openai` 6" : "`@google/genai` 3",
    r.name,
    ms(r.summary.median),
    r.overhead ? `${ms(r.overhead.pairedMedian)} (IQR ${r.overhead.pairedIqr.map((v) => v.toFixed(3)).join(" … ")})` : "—",
    r.overhead ? ms(r.overhead.cpuPerCall) : ms(r.cpuMsPerCall),
    r.recorded === null ? "—" : `${int(r.recorded)} / ${int(g.expectedSpans)}`,
  ]);
  return [
    "## Gemini autolog per-call overhead, next to the OpenAI autolog",
    "",
    "`models.generateContent` (non-streaming) of the real `@google/genai` on the loopback fake Gemini server, and",
    "`chat.completions.create` of `openai` on the fake OpenAI server, by the method of the section above: one worker",
    `process per configuration, all four driven in ${g.rounds} rotating rounds of ${g.callsPerRound} calls after ${g.warmupCalls} warm-up`,
    "calls each; each plugin's *overhead* is against its own SDK's baseline within each round (median over rounds),",
    "*CPU per call* likewise (the baseline rows show their absolute CPU time per call).",
    "",
    table(["SDK", "Configuration", "Call (median)", "Overhead (per-round median)", "CPU per call (overhead)", "Recorded"], rows),
  ].join("\n");
}

/**
 * The targets of issue 7 and MLflow's published figures, and how a run's results compare with them.
 */

/** MLflow's published latency impact by trace size (Tracing FAQ, "What is the latency overhead introduced by Tracing?"). */
export const MLFLOW_FIGURES = {
  "10 KB": { text: "~1 ms", ms: 1 },
  "1 MB": { text: "50–100 ms", ms: 50 },
  "10 MB": { text: "~150 ms", ms: 150 },
};

/** Request-path overhead targets by trace size, in ms. */
export const CALLER_PATH_TARGETS_MS = { "10 KB": 0.05, "1 MB": 5 };

/** The traceloom configurations whose per-call overhead must be below every peer's. */
export const TRACELOOM_CONFIGS = ["traceloom-sink", "traceloom-sqlite"];

/**
 * Every traceloom configuration (some shown for transparency, without a target; `anthropic-traceloom-sink` is our
 * Anthropic plugin measured in the same rounds), never counted as a peer.
 */
const isTraceloom = (name) => /(^|-)traceloom-/.test(name);

/**
 * One check per caller-path row with a target, and one per traceloom OpenAI configuration against the peers.
 * @param {{ callerPath?: any[], openai?: { configs: any[] } }} results
 * @returns {{ target: string, measured: number, met: boolean }[]}
 */
export function targetChecks(results) {
  const checks = [];
  for (const row of results.callerPath ?? []) {
    const limit = CALLER_PATH_TARGETS_MS[row.size];
    if (limit === undefined) continue;
    const worst = Math.max(row.sync.overhead.median, row.async.overhead.median);
    checks.push({
      target: `caller's path ≤ ${limit} ms at ${row.size} (${row.shape}; median, worse of sync/async)`,
      measured: worst,
      met: worst <= limit,
    });
  }
  const configs = results.openai?.configs ?? [];
  const peers = configs.filter((c) => c.overhead && !c.error && !isTraceloom(c.name));
  for (const name of TRACELOOM_CONFIGS) {
    const ours = configs.find((c) => c.name === name && c.overhead && !c.error);
    if (!ours || peers.length === 0) continue;
    const lowestPeer = peers.reduce((a, b) => (b.overhead.pairedMedian < a.overhead.pairedMedian ? b : a));
    checks.push({
      target: `OpenAI per-call overhead of ${name} below every peer (lowest: ${lowestPeer.name}, ${lowestPeer.overhead.pairedMedian.toFixed(4)} ms)`,
      measured: ours.overhead.pairedMedian,
      met: ours.overhead.pairedMedian < lowestPeer.overhead.pairedMedian,
    });
  }
  return checks;
}

/** A small, hand-made results object with the shape run-all.mjs produces. */
const s = (median, p90) => ({ n: 100, median, p90 });

export function fixtureResults() {
  const row = (size, shape, over) => ({
    size,
    shape,
    traceBytes: 10_000,
    iterations: 100,
    sync: { plain: s(0.001, 0.002), traced: s(0.001 + over, 0.01), overhead: { median: over, p90: over * 2 } },
    async: { plain: s(0.002, 0.003), traced: s(0.002 + over, 0.01), overhead: { median: over / 2, p90: over }, syncPartOverhead: { median: over / 4, p90: over } },
    sqliteExportMsPerTrace: 0.4,
    memoryExportMsPerTrace: 0.1,
  });
  const config = (name, paired, extra = {}) => ({
    name,
    description: `${name} setup`,
    summary: s(1 + paired, 2),
    cpuMsPerCall: 1,
    recorded: 3401,
    overhead: { pairedMedian: paired, pairedIqr: [paired - 0.01, paired + 0.01], cpuPerCall: paired * 2, median: paired, p90: paired, mean: paired },
    ...extra,
  });
  return {
    run: { startedAt: "2026-01-01T00:00:00.000Z", durationMs: 90_000, cpus: 2, cpuModel: "Test CPU", memoryGB: 24, node: "20.0.0", platform: "linux/x64", loadStart: 1, loadEnd: 2 },
    callerPath: [row("10 KB", "1 span", 0.03), row("10 KB", "10 spans", 0.09), row("1 MB", "1 span", 2), row("10 MB", "1 span", 40)],
    openai: {
      rounds: 40,
      callsPerRound: 100,
      warmupCalls: 400,
      calls: 4000,
      expectedSpans: 4401,
      versions: { openai: "6.49.0" },
      configs: [
        { name: "baseline", description: "plain", summary: s(1, 2), cpuMsPerCall: 1.2, recorded: null },
        config("traceloom-sink", 0.1),
        config("traceloom-sqlite", 0.2),
        config("traceloom-sink-hooks-on", 0.01),
        config("openllmetry", 0.15),
        { name: "langfuse", description: "langfuse setup", error: "Error: cannot reach\nstack" },
      ],
    },
    sqlite: { traceBytes: 6000, endToEnd: { traces: 10_000, totalMs: 5000, tracesPerSecond: 2000, callerMsPerTrace: 0.04, exported: 10_000, dropped: 0, stored: 10_001, dbMB: 190 }, storeOnly: { traces: 10_112, totalMs: 4000, tracesPerSecond: 2528 }, storeOnlyRandomIds: { traces: 10_112, totalMs: 8000, tracesPerSecond: 1264 } },
    memory: { traces: 100_001, traceBytes: 988, burstMs: 1000, callerMsPerTrace: 0.01, heapGrowthMB: 5.6, rssGrowthMB: 25, heapAfterMB: 10, exportCalls: 1, stats: { queued: 2048, exported: 0, dropped: 97_825, droppedQueueFull: 97_825 }, flushAfter200ms: "still waiting" },
    errors: {},
  };
}

import { spawnSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { corpusTrace } from "../../bench/src/store/corpus.mjs";
import { cliBin, startUi, type UiProcess } from "../support/cli-process.js";
import { buildStore, type CorpusStore } from "../support/store-corpus.js";

const TRACES = 4000;
// Each corpus trace calls its model twice (plan, respond) with the same usage; models rotate by trace number.
const PRICES: Record<string, { input: number; output: number } | undefined> = { "gpt-4o-mini": { input: 0.15, output: 0.6 }, "gpt-4.1": { input: 2, output: 8 }, "claude-sonnet-4": { input: 3, output: 15 } };

interface Group {
  key: string | null;
  count: number;
  errorCount: number;
  latencyMs: { p50: number; p99: number } | null;
  inputTokens: number;
  outputTokens: number;
  cost: { usd: number; unpricedModels: string[] } | null;
}

/** Per model: spans, tokens and cost, added up from the generator's own traces. */
function expectedModels(): Map<string, { spans: number; input: number; output: number }> {
  const models = new Map<string, { spans: number; input: number; output: number }>();
  for (let i = 0; i < TRACES; i++) {
    const t = corpusTrace(i) as { data: { spans: { attributes: Record<string, string> }[] } };
    for (const s of t.data.spans.filter((x) => x.attributes["mlflow.spanType"] === '"LLM"')) {
      const model = (JSON.parse(s.attributes["mlflow.spanInputs"]) as { model: string }).model;
      const usage = JSON.parse(s.attributes["mlflow.chat.tokenUsage"]) as { input_tokens: number; output_tokens: number };
      const m = models.get(model) ?? { spans: 0, input: 0, output: 0 };
      models.set(model, { spans: m.spans + 1, input: m.input + usage.input_tokens, output: m.output + usage.output_tokens });
    }
  }
  return models;
}

let store: CorpusStore;
let ui: UiProcess | undefined;
beforeAll(() => {
  store = buildStore(TRACES);
});
afterEach(async () => {
  ui?.child.kill("SIGTERM");
  if (ui) await ui.exited;
  ui = undefined;
});
afterAll(() => store?.remove());

describe(`stats over ${TRACES.toLocaleString("en-US")} corpus traces`, () => {
  it("the viewer's /api/stats groups by model with the generator's calls, tokens and cost; the CLI prints the same report", async () => {
    ui = await startUi(store.path);
    const res = await fetch(`${ui.url}api/stats?groupBy=model`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as { groups: Group[] };
    const expected = expectedModels();
    expect(report.groups.map((g) => g.key).sort()).toEqual([...expected.keys()].sort());
    for (const g of report.groups) {
      const e = expected.get(g.key as string)!;
      expect([g.count, g.errorCount, g.inputTokens, g.outputTokens, g.latencyMs?.p50, g.latencyMs?.p99], String(g.key)).toEqual([e.spans, 0, e.input, e.output, 400, 400]);
      const price = PRICES[g.key as string];
      if (price) expect(g.cost?.usd, String(g.key)).toBeCloseTo((e.input * price.input + e.output * price.output) / 1e6, 9);
      else expect(g.cost, String(g.key)).toEqual({ usd: 0, unpricedModels: [g.key] });
    }
    const run = spawnSync(process.execPath, [cliBin, "--tracking-uri", store.path, "stats", "--group-by", "model", "--json"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(report);
  });

  it("answers a stats query past the deadline with 503 'narrow it', and keeps serving meanwhile", async () => {
    ui = await startUi(store.path, ["--query-timeout", "0.001"]);
    const [stats, page, info] = await Promise.all([
      fetch(`${ui.url}api/stats?groupBy=span.name`).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: string } })),
      fetch(ui.url).then((r) => r.status),
      fetch(`${ui.url}api/info`).then((r) => r.status),
    ]);
    expect(stats.status).toBe(503);
    expect(stats.body.error).toMatch(/^The query took longer than 1 ms and was stopped; narrow it/);
    expect([page, info]).toEqual([200, 200]);
  });

  it("the CLI stops a stats query past --query-timeout with a clear error and exit code 1", () => {
    const run = spawnSync(process.execPath, [cliBin, "--tracking-uri", store.path, "--query-timeout", "0.001", "stats", "--group-by", "span.name"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Error: The query took longer than 1 ms and was stopped \(--query-timeout\); narrow it/);
  });
});

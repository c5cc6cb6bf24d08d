import { MemoryTraceStore, type Trace } from "@traceloom/core";
import type { Browser, Page } from "playwright-core";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spanCost } from "../src/pricing/cost.js";
import { PriceTable } from "../src/pricing/price-table.js";
import { startViewer, type RunningViewer } from "../src/server/viewer-server.js";
import { openBrowserPage } from "./helpers/browser.js";
import { seedStore } from "./helpers/seed-store.js";
import { modelOf, tracesAt } from "./helpers/stats-expect.js";
import { ASSETS_DIR } from "./helpers/viewer.js";

// Two models of the demo: its OpenAI chat model and its Claude model.
const MODELS = ["gpt-4o-mini", "claude-haiku-4-5"];
const prices = new PriceTable();
const SCREENSHOTS = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));

let traces: Trace[];
let viewer: RunningViewer;
let store: MemoryTraceStore;
let browser: Browser;
let page: Page;
let pageErrors: string[];

// The demo's traces in a memory store, which reports each time bucket's tokens by model.
beforeAll(async () => {
  traces = tracesAt((await seedStore()).path);
  store = new MemoryTraceStore();
  store.writeTraces(traces.map((t) => t.toJSON()));
  viewer = await startViewer({ store, port: 0, assetsDir: ASSETS_DIR });
  ({ browser, page, pageErrors } = await openBrowserPage());
});
afterAll(async () => {
  await browser?.close();
  await viewer?.close();
  store?.close();
});

/** The cost of each bucket's model calls (of one model, or all), worked out span by span; buckets costing 0 left out. */
function expectedCosts(bucketMs: number, model?: string): Record<string, number> {
  const costs: Record<string, number> = {};
  for (const t of traces) {
    const start = String(Math.floor(t.info.timestampMs / bucketMs) * bucketMs);
    for (const s of t.spans) {
      const m = modelOf(s);
      if (m === undefined || (model !== undefined && m !== model)) continue;
      costs[start] = (costs[start] ?? 0) + (spanCost(s, prices) ?? 0);
    }
  }
  return Object.fromEntries(Object.entries(costs).filter(([, usd]) => usd > 0));
}

/** The marks of a chart (bars or points; one series when `seriesClass` is given) as bucket start → exact value. */
async function chartValues(figure: ReturnType<Page["locator"]>, seriesClass = ""): Promise<Record<string, number>> {
  const marks = await figure.locator(`g${seriesClass} [data-value]`).evaluateAll((els) => els.map((el) => [el.getAttribute("data-start"), Number(el.getAttribute("data-value"))]));
  return Object.fromEntries(marks.filter(([, v]) => (v as number) > 0));
}

function expectClose(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [start, usd] of Object.entries(expected)) expect(actual[start], `bucket ${start}`).toBeCloseTo(usd, 12);
}

describe("estimated cost over time in Chromium", () => {
  it("charts the total's cost per bucket and each compared model's, from the store's tokens by model", async () => {
    await page.goto(`${viewer.url}#/analysis?groupBy=model`);
    const costChart = page.locator("#stats-charts figure.chart", { hasText: "Estimated cost over time" });
    await costChart.waitFor();
    expect(await page.locator("#stats-charts figure.chart figcaption").evaluateAll((els) => els.map((el) => el.firstChild?.textContent))).toEqual([
      "Model calls and errors over time",
      "Latency p50 over time",
      "Tokens over time",
      "Estimated cost over time",
    ]);
    const bucketMs = Number(await costChart.getAttribute("data-bucket-ms"));
    const total = expectedCosts(bucketMs);
    expect(Object.keys(total).length).toBeGreaterThan(1);
    expectClose(await chartValues(costChart), total);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}analysis-cost-over-time.png`, fullPage: true });

    for (const model of MODELS) await page.getByRole("checkbox", { name: `Compare ${model}` }).check();
    await page.getByRole("button", { name: "Compare selected (2)" }).click();
    const compared = page.locator("#stats-comparison figure.chart", { hasText: "Estimated cost over time" });
    await compared.waitFor();
    expect(await compared.locator(".chart-legend li").allTextContents()).toEqual(MODELS);
    for (const [i, model] of MODELS.entries()) expectClose(await chartValues(compared, `.chart-s${i}`), expectedCosts(bucketMs, model));
    expect(await page.locator('#stats-comparison-table thead th[scope="col"]').first().textContent()).toBe("Metric");
    expect(await page.locator('#stats-comparison-table tr[data-metric="costPer"] th').textContent()).toBe("Est. cost per model call");
    await page.screenshot({ path: `${SCREENSHOTS}analysis-compare-cost.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});

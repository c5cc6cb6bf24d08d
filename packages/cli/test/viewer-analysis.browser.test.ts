import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configure, flush, openTraceStore, shutdown, trace, type Trace } from "@traceloom/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCost, formatDuration } from "../src/web/app/format.js";
import { seedStore } from "./helpers/seed-store.js";
import { allTraces, expectedSpanGroups, expectedTraceGroups, modelOf, nearestRank, type ExpectedGroup } from "./helpers/stats-expect.js";
import { openViewerInBrowser, type ViewerInBrowser } from "./helpers/viewer-browser.js";

// Two models of the demo: its OpenAI chat model and its Claude model.
const MODELS = ["gpt-4o-mini", "claude-haiku-4-5"];

const SCREENSHOTS = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));

let ui: ViewerInBrowser;
let storePath: string;
let traces: Trace[];
const offsite: string[] = [];

beforeAll(async () => {
  const seeded = await seedStore();
  storePath = seeded.path;
  const store = openTraceStore(seeded.path, { readonly: true });
  traces = allTraces(store);
  store.close();
  ui = await openViewerInBrowser(seeded.path);
  mkdirSync(SCREENSHOTS, { recursive: true });
  ui.page.on("request", (req) => {
    if (!req.url().startsWith(ui.url)) offsite.push(req.url());
  });
});
afterAll(() => ui?.close());

/** The raw value (data-value) and the text of a comparison cell: metric `metricId`, group `i`. */
async function compareCell(metricId: string, i: number): Promise<{ value: number; text: string }> {
  const td = ui.page.locator(`#stats-comparison-table tbody tr[data-metric="${metricId}"] td`).nth(i);
  return { value: Number(await td.getAttribute("data-value")), text: (await td.textContent()) ?? "" };
}

describe("the analysis view in Chromium", () => {
  it("compares the latency and cost of two demo models side by side, with the store's values", async () => {
    const { page } = ui;
    await page.goto(ui.url);
    await page.click('nav a[href="#/analysis"]');
    const rows = page.locator("#stats-groups tbody tr[data-key]");
    await rows.first().waitFor();
    const expected = expectedSpanGroups(traces, modelOf);
    expect((await rows.locator("th").allTextContents()).sort()).toEqual([...expected.keys()].sort());
    expect(await page.locator("#stats-groups caption").textContent()).toBe("By model (counting the matching traces' model calls)");
    expect(await page.locator('#stats-groups thead th[scope="col"]').nth(2).textContent()).toBe("Model calls");
    // Count, latency and tokens charts, then the cost chart, or a note where the store gives no cost per bucket.
    expect(await page.locator("#stats-charts figure.chart svg[role=img]").count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#stats-charts figure.chart, #stats-charts [data-chart="cost"]').count()).toBe(4);
    expect(await page.locator("#stats-charts figure.chart").first().locator("svg").getAttribute("aria-label")).toMatch(/^Model calls and errors over time, .* to .*; highest \d+$/);

    for (const model of MODELS) await page.getByRole("checkbox", { name: `Compare ${model}` }).check();
    await page.getByRole("button", { name: "Compare selected (2)" }).click();
    const table = page.locator("#stats-comparison-table");
    await table.waitFor();
    expect(await table.locator("thead th").allTextContents()).toEqual(["Metric", ...MODELS]);
    expect(page.url()).toContain("compare=");

    const checkComparison = async () => {
      for (const [i, model] of MODELS.entries()) {
        const e = expected.get(model) as ExpectedGroup;
        for (const p of [50, 90, 99]) {
          const c = await compareCell(`p${p}`, i);
          const want = nearestRank(e.latencies, p);
          expect(c.value, `${model} p${p}`).toBeCloseTo(want, 9);
          expect(c.text.startsWith(formatDuration(want)), `${model} p${p} shown as ${c.text}`).toBe(true);
        }
        const cost = await compareCell("cost", i);
        expect(cost.value, `${model} cost`).toBeCloseTo(e.usd, 12);
        expect(cost.text.startsWith(formatCost(e.usd)), `${model} cost shown as ${cost.text}`).toBe(true);
        expect((await compareCell("count", i)).value).toBe(e.count);
      }
      // The cheaper model is marked best; the other shows how many times dearer it is.
      const [a, b] = MODELS.map((m) => (expected.get(m) as ExpectedGroup).usd);
      const costCells = table.locator('tbody tr[data-metric="cost"] td');
      const cheaper = a < b ? 0 : 1;
      expect(await costCells.nth(cheaper).getAttribute("class")).toContain("best");
      expect(await costCells.nth(1 - cheaper).locator(".cmp-ratio").textContent()).toBe(` ×${(Math.max(a, b) / Math.min(a, b)).toFixed(Math.max(a, b) / Math.min(a, b) < 10 ? 2 : 0)}`);
    };
    await checkComparison();
    await page.screenshot({ path: `${SCREENSHOTS}analysis-compare.png`, fullPage: true });
    expect(await page.locator('#stats-comparison .charts figure.chart, #stats-comparison [data-chart="cost"]').count()).toBe(3);
    // Red is for errors only: the compared groups get other colours.
    expect(await page.locator("#stats-comparison .chart-err").count()).toBe(0);
    expect(await page.locator("#stats-charts .chart-legend .chart-err").textContent()).toBe("");
    expect(await page.locator("#stats-charts .chart-legend li").allTextContents()).toEqual(["Model calls", "Errors"]);
    expect(await page.locator("#stats-comparison .chart-legend").first().textContent()).toBe(MODELS.join(""));

    // The comparison lives in the URL: a reload shows it again.
    await page.reload();
    await table.waitFor();
    await checkComparison();
    await page.getByRole("button", { name: "Stop comparing" }).click();
    await expect.poll(() => page.locator("#stats-comparison").count()).toBe(0);
    expect(await page.getByRole("checkbox", { name: `Compare ${MODELS[0]}` }).isChecked()).toBe(false);
    expect(ui.pageErrors).toEqual([]);
    expect(offsite).toEqual([]);
  });

  it("groups by a tag key typed beside the grouping, and points at a filter's syntax error", async () => {
    const { page } = ui;
    await page.goto(`${ui.url}#/analysis`);
    await page.locator("#stats-groups").waitFor();
    expect(await page.locator("#stats-group-key").isVisible()).toBe(false);
    await page.getByLabel("Group by").selectOption("tags");
    await page.getByLabel("Tag key").fill("mlflow.traceName");
    await page.getByLabel("Filter").fill("status = 'OK'");
    await page.getByRole("button", { name: "Analyse" }).click();
    const rows = page.locator("#stats-groups tbody tr[data-key]");
    await expect.poll(() => page.locator("#stats-groups caption").textContent()).toBe("By tags.mlflow.traceName");
    const expected = expectedTraceGroups(
      traces.filter((t) => t.info.state === "OK"),
      (t) => t.info.tags["mlflow.traceName"],
    );
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => [tr.querySelector("th")?.textContent, tr.querySelector('[data-metric="count"]')?.textContent]));
    expect(Object.fromEntries(shown)).toEqual(Object.fromEntries([...expected].map(([k, g]) => [k, String(g.count)])));
    expect(await page.locator('#stats-summary [data-metric="count"] .stat-value').textContent()).toBe(String(traces.filter((t) => t.info.state === "OK").length));

    // A group's name lists its traces: the analysed filter AND the group's tag.
    await page.locator("#stats-groups a.group-link", { hasText: "travel_agent" }).click();
    await expect.poll(() => page.locator("#traces tbody tr[data-trace-id]").count()).toBe(expected.get("travel_agent")?.count);
    expect(await page.locator("#filter").inputValue()).toBe("status = 'OK' AND tags.`mlflow.traceName` = 'travel_agent'");
    await page.goBack();
    await page.locator("#stats-groups").waitFor();

    await page.getByLabel("Filter").fill("status =");
    await page.getByRole("button", { name: "Analyse" }).click();
    await expect.poll(() => page.locator("#stats-error").textContent()).toMatch(/^Invalid filter at position 8/);
    expect(await page.locator("#stats-filter").evaluate((el: HTMLInputElement) => [document.activeElement === el, el.selectionStart])).toEqual([true, 8]);
    expect(ui.pageErrors).toEqual([]);
  });

  it("shows a trace recorded while the page is open on the next live refresh", async () => {
    const { page } = ui;
    await page.goto(`${ui.url}#/analysis?groupBy=trace.name`);
    const count = page.locator('#stats-summary [data-metric="count"] .stat-value');
    await expect.poll(() => count.textContent()).toBe(String(traces.length));
    await configure({ trackingUri: storePath });
    await trace(async () => "late", { name: "late_arrival" })();
    await flush();
    await shutdown();
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe(String(traces.length + 1));
    expect(await page.locator(`#stats-groups tr[data-key='"late_arrival"'] [data-metric="count"]`).textContent()).toBe("1");
    expect(ui.pageErrors).toEqual([]);
  });
});

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowserPage } from "./helpers/browser.js";
import { recordRuns, type SeededRuns } from "./helpers/seed-runs.js";
import { seedStore, type SeededStore } from "./helpers/seed-store.js";
import { openViewer } from "./helpers/viewer.js";

let seeded: SeededStore;
let runs: SeededRuns;
let server: Awaited<ReturnType<typeof openViewer>>;
let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  seeded = await seedStore();
  runs = await recordRuns(seeded.path);
  server = await openViewer(seeded.path);
  ({ browser, page, pageErrors } = await openBrowserPage());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const idsOf = (rows: ReturnType<Page["locator"]>, attr: string) => rows.evaluateAll((trs, a) => trs.map((tr) => tr.getAttribute(a)), attr);

describe("runs, tags and compare in Chromium", () => {
  it("lists runs, opens one with its record and its traces, links a trace back to its run, and filters the list by run", async () => {
    await page.goto(server.viewer.url);
    await page.click('nav a[href="#/runs"]');
    const rows = page.locator("#runs tbody tr");
    await rows.first().waitFor();
    expect(await idsOf(rows, "data-run-id")).toEqual([runs.smokeRunId, runs.emptyRunId, runs.evalRunId]);
    expect(await rows.nth(0).locator(".run-status").textContent()).toBe("KILLED");
    expect(await rows.nth(1).locator("td").allTextContents()).toEqual(expect.arrayContaining([`dry-run${runs.emptyRunId}`, "FINISHED", "0"]));
    expect(await rows.nth(2).locator("td").allTextContents()).toEqual(expect.arrayContaining(["FINISHED", "3", "1", "51", "model=gpt-4o-mini, top_k=3"]));

    await rows.nth(2).locator("a.run-link").click();
    const traces = page.locator("#run-traces tbody tr[data-trace-id]");
    await traces.first().waitFor();
    expect(await page.locator(".run-page h1").textContent()).toBe("eval-weather");
    expect(await page.locator('.run-meta [data-section="params"]').textContent()).toContain("top_k3");
    expect(await page.locator('.run-meta [data-section="tags"]').textContent()).toContain("suiteweather");
    expect(await idsOf(traces, "data-trace-id")).toEqual(runs.evalTraceIds);
    expect(await traces.nth(2).getAttribute("class")).toContain("row-error");

    await traces.nth(0).locator("a.trace-link").click();
    await page.locator(".tree-row").first().waitFor();
    expect(await page.locator(".trace-head a.run-link").textContent()).toBe(runs.evalRunId);
    await page.click(".trace-head a.run-link");
    await traces.first().waitFor();
    await page.click('a:text("Open as a trace list")');
    await expect.poll(() => idsOf(page.locator("#traces tbody tr[data-trace-id]"), "data-trace-id")).toEqual(runs.evalTraceIds);
    expect(await page.inputValue("#filter")).toBe(`metadata.\`mlflow.sourceRun\` = '${runs.evalRunId}'`);
    expect(pageErrors).toEqual([]);
  });

  it("reaches a run's traces from the Runs page, and finds them by the run filter typed in the search box", async () => {
    const listed = () => idsOf(page.locator("#traces tbody tr[data-trace-id]"), "data-trace-id");
    await page.goto(`${server.viewer.url}#/runs`);
    const evalRow = page.locator(`#runs tbody tr[data-run-id="${runs.evalRunId}"]`);
    await evalRow.waitFor();
    // A run without traces has nothing to list: its count is not a link.
    expect(await page.locator(`#runs tbody tr[data-run-id="${runs.emptyRunId}"] a.run-traces-link`).count()).toBe(0);
    await evalRow.locator("a.run-traces-link").click();
    await expect.poll(listed).toEqual(expect.arrayContaining(runs.evalTraceIds));
    expect(await listed()).toHaveLength(3);
    expect(await page.inputValue("#filter")).toBe(`metadata.\`mlflow.sourceRun\` = '${runs.evalRunId}'`);

    // Typed by hand, in the other spellings the grammar takes, the filter finds the other run's trace.
    for (const filter of [`metadata.mlflow.sourceRun = '${runs.smokeRunId}'`, `metadata.\`mlflow.sourceRun\` = "${runs.smokeRunId}"`]) {
      await page.fill("#filter", filter);
      await page.press("#filter", "Enter");
      await expect.poll(listed).toHaveLength(1);
      expect(await page.locator("#traces tbody tr[data-trace-id] a.trace-link").first().getAttribute("href")).toContain("#/trace/");
      await page.locator("#traces tbody tr[data-trace-id] a.trace-link").first().click();
      await page.locator(".tree-row").first().waitFor();
      expect(await page.locator(".trace-head a.run-link").textContent()).toBe(runs.smokeRunId);
      await page.goBack();
      await page.locator("#traces tbody tr[data-trace-id]").first().waitFor();
    }
    // AND-ed with another condition, in the search box: the failed trace of the eval run.
    await page.fill("#filter", `metadata.\`mlflow.sourceRun\` = '${runs.evalRunId}' AND status = 'ERROR'`);
    await page.press("#filter", "Enter");
    await expect.poll(listed).toEqual([runs.evalTraceIds[2]]);
    expect(pageErrors).toEqual([]);
  });

  it("adds a tag that survives a reload, edits and removes it, and shows why a reserved key is refused", async () => {
    await page.goto(`${server.viewer.url}#/trace/${runs.outsideId}`);
    await page.locator("#tags").waitFor();
    await page.fill("#new-tag-key", "verdict");
    await page.fill("#new-tag-value", "needs review");
    await page.click("#add-tag");
    const cell = page.locator('#tags tr[data-tag="verdict"] td.tag-value');
    await expect.poll(() => cell.textContent().catch(() => null)).toBe("needs review");

    await page.reload();
    await page.locator('#tags tr[data-tag="verdict"]').waitFor();
    expect(await cell.textContent()).toBe("needs review");

    await page.click('#tags tr[data-tag="verdict"] .tag-edit');
    await page.fill('#tags tr[data-tag="verdict"] input', "approved");
    await page.click('#tags tr[data-tag="verdict"] .tag-save');
    await expect.poll(() => cell.textContent().catch(() => null)).toBe("approved");

    await page.fill("#new-tag-key", "mlflow.traceName");
    await page.fill("#new-tag-value", "hijacked");
    await page.click("#add-tag");
    await expect.poll(() => page.locator("#tag-status").textContent()).toMatch(/Not saved: "mlflow.traceName" is reserved/);
    expect(await page.locator('#tags tr[data-tag="mlflow.traceName"] td.tag-value').textContent()).toBe("weather_agent");
    expect(await page.locator('#tags tr[data-tag="mlflow.traceName"] .tag-remove').count()).toBe(0);

    await page.click('#tags tr[data-tag="verdict"] .tag-remove');
    await expect.poll(() => page.locator('#tags tr[data-tag="verdict"]').count()).toBe(0);
    await page.reload();
    await page.locator("#tags").waitFor();
    expect(await page.locator('#tags tr[data-tag="verdict"]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("compares two demo traces of different shapes picked on the list: summary, aligned trees, root diff", async () => {
    const [paris, viewerQuestion] = seeded.demoIds;
    await page.goto(server.viewer.url);
    await page.locator("#traces tbody tr[data-trace-id]").first().waitFor();
    expect(await page.locator("#compare").isDisabled()).toBe(true);
    await page.check(`#traces tr[data-trace-id="${paris}"] input.compare-pick`);
    await page.check(`#traces tr[data-trace-id="${viewerQuestion}"] input.compare-pick`);
    expect(await page.url()).not.toContain("#/trace/");
    await page.click("#compare");
    await page.locator("#compare-summary").waitFor();
    expect(page.url()).toContain(`#/compare?ids=${paris},${viewerQuestion}`);

    const summary = await page.locator("#compare-summary tbody tr").allTextContents();
    expect(summary[0]).toContain(paris);
    expect(summary[0]).toContain(viewerQuestion);
    expect(summary.find((r) => r.startsWith("Latency"))).toMatch(/[+−]/);
    expect(summary.find((r) => r.startsWith("Total tokens"))).toMatch(/\d/);

    const tree = page.locator("#compare-tree tbody tr");
    const classes = await tree.evaluateAll((trs) => trs.map((tr) => tr.className));
    expect(classes[0]).toBe("both");
    expect(classes.some((c) => c === "only-a")).toBe(true);
    expect(await page.locator("#compare-tree tr.only-a td.absent").count()).toBeGreaterThan(0);

    const inputs = page.locator('[data-diff="inputs"]');
    expect(await inputs.locator(".diff-del").count()).toBeGreaterThan(0);
    expect(await inputs.locator(".diff-add").count()).toBeGreaterThan(0);
    expect(await inputs.textContent()).toContain("Paris");

    await page.goto(`${server.viewer.url}#/compare?ids=${paris}`);
    await expect.poll(() => page.locator(".page-error").textContent()).toMatch(/two trace IDs/);
    expect(pageErrors).toEqual([]);
  });
});

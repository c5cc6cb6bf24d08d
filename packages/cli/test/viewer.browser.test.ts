import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configure, flush, getLastTraceId, shutdown, trace } from "@traceloom/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TracesResponse } from "../src/server/api-types.js";
import { HOSTILE_OUTPUT, seedStore, type SeededStore } from "./helpers/seed-store.js";
import { openBrowserPage } from "./helpers/browser.js";
import { openViewer } from "./helpers/viewer.js";

const SCREENSHOTS = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));

let seeded: SeededStore;
let server: Awaited<ReturnType<typeof openViewer>>;
let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  seeded = await seedStore();
  server = await openViewer(seeded.path);
  ({ browser, page, pageErrors } = await openBrowserPage());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const rows = () => page.locator("#traces tbody tr[data-trace-id]");
const rowIds = () => rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-trace-id")));
const treeRow = (name: string) => page.locator(`.tree-row[data-span-name="${name}"]`);

async function openList(hash = "#/"): Promise<void> {
  await page.goto(`${server.viewer.url}${hash}`);
  await page.locator("#traces tbody tr").first().waitFor();
}

describe("the trace viewer in Chromium", () => {
  it("lists the traces with status, latency, tokens and cost, failed runs marked", async () => {
    await openList();
    await expect.poll(rowIds).toEqual([seeded.hostileId, ...[...seeded.demoIds].reverse()]);
    const paris = page.locator(`tr[data-trace-id="${seeded.demoIds[0]}"]`);
    expect(await paris.locator(".trace-name").textContent()).toBe("travel_agent");
    expect(await paris.locator(".col-preview").first().textContent()).toBe("What's the weather in Paris, and what should I pack?");
    expect(await paris.locator("td.col-num").last().textContent()).toMatch(/^\$0\.0000\d+$/);
    const failed = page.locator(`tr[data-trace-id="${seeded.demoIds[3]}"]`);
    expect(await failed.getAttribute("class")).toBe("row-error");
    expect(await failed.locator(".badge").textContent()).toBe("ERROR");
    expect(await page.locator("#experiment option").allTextContents()).toEqual(expect.arrayContaining(["All experiments", "Default (1)", `demo (${seeded.demoIds.length})`]));
    await page.screenshot({ path: `${SCREENSHOTS}list.png`, fullPage: true });
  });

  it("searches with the filter grammar and shows a bad filter's error", async () => {
    await openList();
    await page.fill("#filter", "span.type = 'TOOL'");
    await page.press("#filter", "Enter");
    await expect.poll(async () => (await rowIds()).sort()).toEqual([seeded.demoIds[0], seeded.demoIds[2], seeded.demoIds[4], seeded.claudeId].sort());
    const hash = await page.evaluate(() => location.hash);
    expect(new URLSearchParams(hash.split("?")[1]).get("filter")).toBe("span.type = 'TOOL'");
    await page.fill("#filter", "status = = 'OK'");
    await page.press("#filter", "Enter");
    await expect.poll(() => page.locator("#filter-error").textContent()).toMatch(/^Invalid filter at position 9: /);
    expect(await rows().count()).toBe(0);
  });

  it("narrows to an experiment and sorts by a column", async () => {
    await openList();
    await page.selectOption("#experiment", { label: `demo (${seeded.demoIds.length})` });
    await expect.poll(async () => (await rowIds()).length).toBe(seeded.demoIds.length);
    await page.click("th.col-num >> text=Latency");
    await expect.poll(() => page.locator("th[aria-sort=descending]").textContent()).toBe("Latency ▼");
    const res = await fetch(new URL(`/api/traces?experiment=${encodeURIComponent(await page.inputValue("#experiment"))}&orderBy=${encodeURIComponent("execution_time_ms DESC")}`, server.viewer.url));
    const expected = ((await res.json()) as TracesResponse).traces.map((t) => t.traceId);
    await expect.poll(rowIds).toEqual(expected);
  });

  it("opens a trace with its tree expanded, selects a span and shows its inputs", async () => {
    await openList();
    await page.click(`tr[data-trace-id="${seeded.demoIds[0]}"] a.trace-link`);
    await treeRow("travel_agent").waitFor();
    expect(await page.locator("h1").textContent()).toBe("travel_agent");
    const shownNames = () => page.locator(".tree-row[data-span-name]").evaluateAll((els) => els.map((e) => e.getAttribute("data-span-name")));
    expect(await shownNames()).toEqual(["travel_agent", "retrieve_context", "Embeddings", "ChatCompletions", "get_weather", "ChatCompletions"]);
    await page.click('button[aria-label="Collapse retrieve_context"]');
    expect(await treeRow("Embeddings").count()).toBe(0);
    await page.click('button[aria-label="Expand retrieve_context"]');
    await treeRow("Embeddings").click();
    const detail = page.locator("#span-detail");
    await expect.poll(() => detail.locator("h2").textContent()).toBe("Embeddings");
    const inputs = await detail.locator('[data-section="inputs"]').textContent();
    expect(inputs).toContain("text-embedding-3-small");
    expect(inputs).toContain("What's the weather in Paris, and what should I pack?");
    expect(await detail.locator(".facts").textContent()).toMatch(/Tokens\d+ in → 0 out/);

    await treeRow("get_weather").click();
    await expect.poll(() => detail.locator('[data-section="inputs"] .j-row').allTextContents()).toEqual(["cityParis"]);
    expect(await detail.locator('[data-section="outputs"]').textContent()).toContain("light rain");

    await treeRow("ChatCompletions").first().click();
    const chat = detail.locator('[data-section="chat"]');
    await expect.poll(() => chat.locator(".msg-role").allTextContents()).toEqual(["system", "user", "assistant"]);
    expect(await chat.locator(".tool-call-name").textContent()).toBe("calls get_weather · call_1");
    expect(await detail.locator(".facts").textContent()).toContain("gpt-4o-mini");
    expect(await page.locator(".bar").count()).toBe(6);
    await page.screenshot({ path: `${SCREENSHOTS}trace.png`, fullPage: true });
  });

  it("shows a Claude call in the chat view: system prompt, thinking, the tool call, the tool result and the answer", async () => {
    await page.goto(`${server.viewer.url}#/trace/${seeded.claudeId}`);
    await treeRow("Messages.create").last().click();
    const chat = page.locator('#span-detail [data-section="chat"]');
    await expect.poll(async () => (await chat.locator(".msg-role").allTextContents()).map((r) => r.split(" · ")[0])).toEqual(["system", "user", "assistant", "tool", "assistant"]);
    const callId = (await chat.locator(".tool-call-name .dim").textContent())?.replace(" · ", "");
    expect(callId).toMatch(/^toolu_/);
    expect(await chat.locator(".msg-tool .msg-role").textContent()).toBe(`tool · ${callId}`);
    expect(await chat.locator(".msg-thinking").textContent()).toBe("The user is travelling to Tokyo; I should check the forecast first.");
    expect(await chat.locator(".tool-call-name strong").textContent()).toBe("get_weather");
    expect(await chat.locator(".msg-assistant .msg-text").last().textContent()).toBe("Tokyo will be sunny at 22 °C: pack light layers and sunglasses.");
    expect(await page.locator("#span-detail .facts").textContent()).toContain("claude-haiku-4-5");
    await page.screenshot({ path: `${SCREENSHOTS}claude-chat.png`, fullPage: true });
  });

  it("highlights a failed span with its error", async () => {
    await page.goto(`${server.viewer.url}#/trace/${seeded.demoIds[2]}`);
    await treeRow("get_weather").click();
    expect(await treeRow("get_weather").getAttribute("class")).toContain("failed");
    await expect.poll(() => page.locator("#span-detail .error-box").textContent()).toBe('Error: RangeError: No forecast for "Atlantis"');
    expect(await page.locator("#span-detail .event-exception .stack").textContent()).toContain("RangeError");
    await page.screenshot({ path: `${SCREENSHOTS}error-span.png`, fullPage: true });
  });

  it("shows a span output containing <script> as text and runs none of it", async () => {
    await page.goto(`${server.viewer.url}#/trace/${seeded.hostileId}`);
    const outputs = page.locator('#span-detail [data-section="outputs"] .j-str');
    await outputs.waitFor();
    expect(await outputs.textContent()).toBe(`${HOSTILE_OUTPUT} for <i>hello</i>`);
    expect(await page.locator('#span-detail [data-section="inputs"]').textContent()).toContain("<i>hello</i>");
    const injected = await page.evaluate(() => ({
      scripts: document.querySelectorAll("#app script").length,
      images: document.querySelectorAll("#app img").length,
      bold: document.querySelectorAll("#app b, #app i").length,
      xss: (window as unknown as { __xss?: number }).__xss ?? null,
    }));
    expect(injected).toEqual({ scripts: 0, images: 0, bold: 0, xss: null });
    await openList();
    expect(await page.locator(`tr[data-trace-id="${seeded.hostileId}"] .col-preview`).nth(1).textContent()).toContain("<script>window.__xss = 1</script>");
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)).toBeNull();
  });

  it("shows traces recorded while it is open (live refresh)", async () => {
    await openList();
    await configure({ trackingUri: seeded.path });
    await trace(async (step: number) => step + 1, { name: "late_arrival" })(41);
    const lateId = getLastTraceId() as string;
    await flush();
    await shutdown();
    await page.locator(`tr[data-trace-id="${lateId}"]`).waitFor({ timeout: 20_000 });
    expect(await page.locator(`tr[data-trace-id="${lateId}"] .trace-name`).textContent()).toBe("late_arrival");
    expect(pageErrors).toEqual([]);
  });
});

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, flush, getLastTraceId, shutdown, withSpan } from "@traceloom/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowserPage } from "./helpers/browser.js";
import { openViewer } from "./helpers/viewer.js";

const DEPTH = 40;
const ANSWER = [
  "## Packing list",
  "",
  "Bring **layers** and an *umbrella*; check `forecast.today` first.",
  "",
  "- rain jacket",
  "- sunscreen",
  "",
  "| City | Temp |",
  "| --- | --- |",
  "| Paris | 17 °C |",
  "",
  "```json",
  '{"ok": true}',
  "```",
  "See [the forecast](https://weather.example/paris). <script>window.__xss = 1</script>",
].join("\n");
const DOCUMENTS = [
  { id: "doc-1", page_content: "Paris in spring: **mild** days.", metadata: { doc_uri: "kb://travel/paris", score: 0.91234, lang: "en" } },
  { id: "doc-2", page_content: "Packing tips: layers.", metadata: { doc_uri: "kb://travel/packing" } },
];

let server: Awaited<ReturnType<typeof openViewer>>;
let browser: Browser;
let page: Page;
let deepId: string;
let ragId: string;
let pageErrors: string[];

/** Spans `level-0` … `level-<DEPTH>`, each the parent of the next, with a sibling `aside-<n>` every tenth level. */
function nest(level: number): void {
  withSpan({ name: `level-${level}`, spanType: level % 2 ? "CHAIN" : "TOOL" }, () => {
    if (level % 10 === 5) withSpan({ name: `aside-${level}`, spanType: "TOOL" }, () => undefined);
    if (level < DEPTH) nest(level + 1);
  });
}

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), "traceloom-tree-")), "traces.db");
  await configure({ trackingUri: path });
  nest(0);
  deepId = getLastTraceId() as string;
  await withSpan({ name: "rag", spanType: "AGENT" }, async () => {
    withSpan({ name: "retrieve", spanType: "RETRIEVER" }, (span) => {
      span.setInputs({ query: "Paris" });
      span.setOutputs(DOCUMENTS);
    });
    withSpan({ name: "answer", spanType: "CHAT_MODEL" }, (span) => {
      span.setInputs({ messages: [{ role: "user", content: "What should I pack?" }] });
      span.setOutputs({ choices: [{ index: 0, message: { role: "assistant", content: ANSWER }, finish_reason: "stop" }] });
    });
  });
  ragId = getLastTraceId() as string;
  await flush();
  await shutdown();
  server = await openViewer(path);
  ({ browser, page, pageErrors } = await openBrowserPage());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const treeRow = (name: string) => page.locator(`.tree-row[data-span-name="${name}"]`);
const shownNames = () => page.locator(".tree-row[data-span-name]").evaluateAll((els) => els.map((e) => e.getAttribute("data-span-name")));
const detailTitle = () => page.locator("#span-detail h2").textContent();

async function openTrace(id: string, first: string): Promise<void> {
  await page.goto(`${server.viewer.url}#/trace/${id}`);
  await treeRow(first).waitFor();
}

describe("the trace page in Chromium", () => {
  it("opens a deep trace fully expanded, every name readable beside the timeline", async () => {
    await openTrace(deepId, "level-0");
    expect(await shownNames()).toHaveLength(DEPTH + 1 + 4);
    for (const name of ["level-17", "level-25", `level-${DEPTH}`]) {
      const box = await treeRow(name).locator(".span-name").boundingBox();
      const timeline = await treeRow(name).locator(".timeline").boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.width, `${name} is squeezed out`).toBeGreaterThanOrEqual(40);
      expect(box!.x + box!.width, `${name} runs under the timeline`).toBeLessThanOrEqual(timeline!.x);
      expect(await treeRow(name).locator(".span-name").textContent()).toBe(name);
    }
    expect(await treeRow(`level-${DEPTH}`).locator(".depth-mark").textContent()).toBe(String(DEPTH));
  });

  it("moves between rows with the arrow keys, Home and End, and folds with ArrowLeft", async () => {
    await openTrace(deepId, "level-0");
    await treeRow("level-0").click();
    await page.keyboard.press("ArrowDown");
    await expect.poll(detailTitle).toBe("level-1");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect.poll(detailTitle).toBe("level-3");
    await page.keyboard.press("ArrowUp");
    await expect.poll(detailTitle).toBe("level-2");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-span-name"))).toBe("level-2");
    await page.keyboard.press("End");
    await expect.poll(detailTitle).toBe(`level-${DEPTH}`);
    await page.keyboard.press("ArrowLeft");
    await expect.poll(detailTitle).toBe(`level-${DEPTH - 1}`);
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => treeRow(`level-${DEPTH}`).count()).toBe(0);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => treeRow(`level-${DEPTH}`).count()).toBe(1);
    await page.keyboard.press("Home");
    await expect.poll(detailTitle).toBe("level-0");
  });

  it("finds spans by name: matches and their ancestors shown, Enter jumps to the next match, Escape clears", async () => {
    await openTrace(deepId, "level-0");
    const search = page.locator(".span-search");
    await search.fill("aside");
    await expect.poll(() => page.locator(".match-count").textContent()).toBe("4 matches");
    const names = await shownNames();
    expect(names.filter((n) => n?.startsWith("aside"))).toEqual(["aside-5", "aside-15", "aside-25", "aside-35"]);
    expect(names).toContain("level-35");
    expect(names).not.toContain("level-36");
    expect(await page.locator(".tree-row.match").count()).toBe(4);
    await search.press("Enter");
    await expect.poll(detailTitle).toBe("aside-5");
    await search.press("Enter");
    await expect.poll(detailTitle).toBe("aside-15");
    await search.press("Shift+Enter");
    await expect.poll(detailTitle).toBe("aside-5");
    await search.press("Escape");
    await expect.poll(async () => (await shownNames()).length).toBe(DEPTH + 1 + 4);
    await search.fill("no such span");
    await expect.poll(() => page.locator(".match-count").textContent()).toBe("0 matches");
    expect(await shownNames()).toEqual([]);
  });

  it("shows a retriever's documents as cards, not raw JSON", async () => {
    await openTrace(ragId, "rag");
    await treeRow("retrieve").click();
    const docs = page.locator('#span-detail [data-section="documents"]');
    await expect.poll(() => docs.locator("h3").textContent()).toBe("Retrieved documents (2)");
    expect(await docs.locator(".document-source").allTextContents()).toEqual(["kb://travel/paris", "kb://travel/packing"]);
    expect(await docs.locator(".document-score").allTextContents()).toEqual(["score 0.912"]);
    expect(await docs.locator(".document").first().locator("strong").last().textContent()).toBe("mild");
    expect(await docs.locator(".document").first().locator(".json").textContent()).toContain("lang");
  });

  it("renders a model's markdown answer, and HTML in it stays text", async () => {
    await openTrace(ragId, "rag");
    await treeRow("answer").click();
    const reply = page.locator('#span-detail [data-section="chat"] .msg-assistant .msg-text');
    await reply.waitFor();
    expect(await reply.locator("h5").textContent()).toBe("Packing list");
    expect(await reply.locator("strong").textContent()).toBe("layers");
    expect(await reply.locator("em").textContent()).toBe("umbrella");
    expect(await reply.locator("p code").textContent()).toBe("forecast.today");
    expect(await reply.locator("li").allTextContents()).toEqual(["rain jacket", "sunscreen"]);
    expect(await reply.locator("table td").allTextContents()).toEqual(["Paris", "17 °C"]);
    expect(await reply.locator("pre.md-code").getAttribute("data-lang")).toBe("json");
    expect(await reply.locator(".md-link").textContent()).toBe("the forecast");
    expect(await reply.locator("a").count()).toBe(0);
    expect(await reply.textContent()).toContain("<script>window.__xss = 1</script>");
    expect(await page.evaluate(() => ({ scripts: document.querySelectorAll("#app script").length, xss: (window as unknown as { __xss?: number }).__xss ?? null }))).toEqual({ scripts: 0, xss: null });
    expect(pageErrors).toEqual([]);
  });
});

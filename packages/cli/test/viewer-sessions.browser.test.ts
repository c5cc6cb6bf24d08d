import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, flush, shutdown, trace, updateCurrentTrace } from "@traceloom/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowserPage } from "./helpers/browser.js";
import { openViewer } from "./helpers/viewer.js";

// A session ID with the characters a filter literal must escape.
const SESSION = "trip's \\ 42";
const QUESTIONS = ["Plan a weekend in Paris", "What about the weather?", "Book the **cheapest** hotel"];

let server: Awaited<ReturnType<typeof openViewer>>;
let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), "traceloom-sessions-ui-")), "traces.db");
  await configure({ trackingUri: path });
  const chat = trace(
    async (question: string, session: string) => {
      updateCurrentTrace({ session, user: "alice", tags: { channel: "web" } });
      await new Promise((r) => setTimeout(r, 5));
      if (question.includes("weather")) throw new Error("forecast service down");
      return `Answer to: ${question}`;
    },
    { name: "concierge", spanType: "AGENT" },
  );
  for (const q of QUESTIONS) await chat(q, SESSION).catch(() => undefined);
  await chat("Unrelated question", "other-session");
  await flush();
  await shutdown();
  server = await openViewer(path);
  ({ browser, page, pageErrors } = await openBrowserPage());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("sessions in Chromium", () => {
  it("lists sessions, opens one as its turns in order, and links each turn to its trace and back", async () => {
    await page.goto(server.viewer.url);
    await page.click('nav a[href="#/sessions"]');
    const rows = page.locator("#sessions tbody tr");
    await rows.first().waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-session-id")))).toEqual(["other-session", SESSION]);
    const trip = page.locator(`#sessions tr[data-session-id="${SESSION.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"]`);
    expect(await trip.locator("td").allTextContents()).toEqual([SESSION, "alice", "3", "1", expect.any(String), expect.any(String), "0"]);
    expect(await trip.getAttribute("class")).toBe("row-error");

    await trip.locator("a.session-link").click();
    const turns = page.locator(".turn");
    await expect.poll(() => turns.count()).toBe(3);
    expect(await page.locator(".page-title").textContent()).toBe(`Session ${SESSION}`);
    expect(await turns.locator(".msg-user .msg-text").allTextContents()).toEqual(["Plan a weekend in Paris", "What about the weather?", "Book the cheapest hotel"]);
    expect(await turns.nth(2).locator(".msg-user strong").textContent()).toBe("cheapest");
    expect(await turns.locator(".msg-assistant .msg-text").allTextContents()).toEqual([
      "Answer to: Plan a weekend in Paris",
      "(failed)",
      "Answer to: Book the cheapest hotel",
    ]);
    expect(await turns.nth(1).getAttribute("class")).toContain("turn-error");

    await turns.nth(0).locator("a.turn-trace").click();
    await page.locator(".tree-row").first().waitFor();
    expect(await page.locator(".trace-head a.session-link").textContent()).toBe(SESSION);
    await page.click(".trace-meta summary");
    expect(await page.locator('#tags [data-tag="channel"] td.tag-value').textContent()).toBe("web");
    expect(await page.locator('.trace-meta [data-section="metadata"]').textContent()).toContain("mlflow.trace.useralice");
    await page.click(".trace-head a.session-link");
    await expect.poll(() => turns.count()).toBe(3);

    await page.click(".session-stats a");
    await expect.poll(() => page.locator("#traces tbody tr[data-trace-id]").count()).toBe(3);
    expect(pageErrors).toEqual([]);
  });
});

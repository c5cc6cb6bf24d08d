import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, flush, getLastTraceId, shutdown, trace, withSpan } from "@traceloom/core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./helpers/run.js";
import { openViewerInBrowser, type ViewerInBrowser } from "./helpers/viewer-browser.js";

// A comment with markup and a terminal escape: shown as text in the page, escaped in the terminal.
const COMMENT = "Wrong city <b>again</b> \x1b[31mred";

let path: string;
let traceId: string;
let viewer: ViewerInBrowser;
let page: Page;

beforeAll(async () => {
  path = join(mkdtempSync(join(tmpdir(), "traceloom-feedback-ui-")), "traces.db");
  await configure({ trackingUri: path });
  await trace(
    async (question: string) => {
      await withSpan({ name: "lookup", spanType: "TOOL" }, () => "Lyon");
      return `The capital is Lyon (${question})`;
    },
    { name: "capital_agent", spanType: "AGENT" },
  )("capital of France?");
  traceId = getLastTraceId() as string;
  await flush();
  await shutdown();
  viewer = await openViewerInBrowser(path);
  page = viewer.page;
});

afterAll(() => viewer?.close());

const traceForm = () => page.locator('.trace-page > .assessments-slot .feedback-form[data-target="trace"]');
const traceItems = () => page.locator(".trace-page > .assessments-slot .assessment");

describe("feedback in Chromium", () => {
  it("gives a thumbs-down with a comment that survives a reload and shows in `traces show`; then edits it", async () => {
    await page.goto(`${viewer.url}#/trace/${traceId}`);
    await traceForm().waitFor();
    expect(await traceForm().locator(".feedback-save").isDisabled()).toBe(true);
    await traceForm().locator(".thumb-down").click();
    await traceForm().locator(".feedback-comment").fill(COMMENT);
    await traceForm().locator(".feedback-save").click();
    await expect.poll(() => traceItems().count()).toBe(1);

    await page.reload();
    await traceItems().first().waitFor();
    const item = traceItems().first();
    expect(await item.getAttribute("data-name")).toBe("user_feedback");
    expect(await item.locator(".assessment-value").textContent()).toBe("👎 thumbs down");
    expect(await item.locator(".assessment-rationale").textContent()).toBe(COMMENT);
    expect(await item.locator(".assessment-rationale b").count()).toBe(0);
    expect(await item.locator(".assessment-meta").textContent()).toMatch(/^HUMAN · /);
    // The form shows the reviewer's own feedback, ready to be changed.
    expect(await traceForm().locator(".thumb-down").getAttribute("aria-pressed")).toBe("true");
    expect(await traceForm().locator(".feedback-comment").inputValue()).toBe(COMMENT);
    expect(await traceForm().locator(".feedback-save").textContent()).toBe("Update feedback");

    const shown = await cli(["traces", "show", traceId], { TRACELOOM_TRACKING_URI: path });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("Assessments:\n  feedback user_feedback = false");
    expect(shown.stdout).toContain("— Wrong city <b>again</b> \\x1b[31mred");
    expect(shown.stdout).not.toContain("\x1b[31m");

    // Changing one's mind edits the same assessment rather than adding a second.
    await traceForm().locator(".thumb-up").click();
    await traceForm().locator(".feedback-save").click();
    await expect.poll(() => item.locator(".assessment-value").textContent()).toBe("👍 thumbs up");
    expect(await traceItems().count()).toBe(1);
    expect(viewer.pageErrors).toEqual([]);
  });

  it("gives feedback on one span, lists it in that span's detail, edits its value inline and deletes it", async () => {
    await page.goto(`${viewer.url}#/trace/${traceId}`);
    await page.locator(".tree-row", { hasText: "lookup" }).click();
    const spanForm = page.locator("#span-detail .feedback-form");
    await spanForm.waitFor();
    expect(await spanForm.getAttribute("data-target")).toMatch(/^[0-9a-f]{16}$/);
    await spanForm.locator(".thumb-down").click();
    await spanForm.locator(".feedback-save").click();
    const spanItems = page.locator("#span-detail .assessment");
    await expect.poll(() => spanItems.count()).toBe(1);
    await expect.poll(() => traceItems().count()).toBe(2);

    await spanItems.first().locator(".assessment-edit").click();
    await spanItems.first().locator(".assessment-value-input").fill("0.25");
    await spanItems.first().locator(".assessment-rationale-input").fill("partly right");
    await spanItems.first().locator(".assessment-editor button.primary").click();
    await expect.poll(() => page.locator("#span-detail .assessment .assessment-value").textContent()).toBe("0.25");
    expect(await page.locator("#span-detail .assessment .assessment-rationale").textContent()).toBe("partly right");

    await page.locator("#span-detail .assessment .assessment-delete").click();
    await expect.poll(() => page.locator("#span-detail .assessment").count()).toBe(0);
    expect(await traceItems().count()).toBe(1);
    expect(viewer.pageErrors).toEqual([]);
  });
});

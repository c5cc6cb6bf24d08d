import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, flush, getLastTraceId, shutdown, withSpan } from "@traceloom/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowserPage } from "./helpers/browser.js";
import { openViewer } from "./helpers/viewer.js";

let server: Awaited<ReturnType<typeof openViewer>>;
let browser: Browser;
let page: Page;
let traceId: string;
let pageErrors: string[];

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), "traceloom-gemini-view-")), "traces.db");
  await configure({ trackingUri: path });
  // A span as @traceloom/google-genai records a Gemini call: the request as sent, the response, format "gemini".
  withSpan({ name: "Models.generateContent", spanType: "CHAT_MODEL" }, (span) => {
    span.setAttributes({ "mlflow.message.format": "gemini", model: "gemini-2.5-flash" });
    span.setInputs({
      model: "gemini-2.5-flash",
      systemInstruction: { role: "user", parts: [{ text: "You are a travel assistant." }] },
      contents: [
        { role: "user", parts: [{ text: "Weather in Oslo?" }] },
        { role: "model", parts: [{ functionCall: { name: "get_weather", args: { city: "Oslo" } } }] },
        { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { sky: "clear", temp: 4 } } }] },
      ],
    });
    span.setOutputs({ candidates: [{ content: { role: "model", parts: [{ text: "It is **clear** and 4 °C." }] }, finishReason: "STOP", index: 0 }] });
    span.setTokenUsage({ input_tokens: 30, output_tokens: 8, total_tokens: 38 });
  });
  traceId = getLastTraceId() as string;
  await flush();
  await shutdown();
  server = await openViewer(path);
  ({ browser, page, pageErrors } = await openBrowserPage());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("a Gemini call in the viewer (Chromium)", () => {
  it("shows the conversation as chat: system instruction, user, the function call, its response and the answer", async () => {
    await page.goto(`${server.viewer.url}#/trace/${traceId}`);
    await page.locator('.tree-row[data-span-name="Models.generateContent"]').click();
    const chat = page.locator('#span-detail [data-section="chat"]');
    await chat.locator(".msg").first().waitFor();
    expect(await chat.locator(".msg-role").allTextContents()).toEqual(["system", "user", "assistant", "tool · get_weather", "assistant"]);
    expect(await chat.locator(".msg-system .msg-text").textContent()).toContain("You are a travel assistant.");
    expect(await chat.locator(".tool-call-name strong").textContent()).toBe("get_weather");
    expect(JSON.parse((await chat.locator(".tool-call-args").textContent()) ?? "")).toEqual({ city: "Oslo" });
    expect(JSON.parse((await chat.locator(".msg-tool .msg-text").textContent()) ?? "")).toEqual({ sky: "clear", temp: 4 });
    expect(await chat.locator(".msg-assistant .msg-text strong").textContent()).toBe("clear");
    expect(pageErrors).toEqual([]);
  });
});

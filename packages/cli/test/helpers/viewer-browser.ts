import type { Browser, Page } from "playwright-core";
import { openBrowserPage } from "./browser.js";
import { openViewer } from "./viewer.js";

/** A viewer over the store at `path` and a Chromium page to drive it; `close()` ends both. */
export interface ViewerInBrowser {
  url: string;
  browser: Browser;
  page: Page;
  /** Uncaught errors of the page. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Starts a viewer on the store at `path` (read-only, a free port) and opens Chromium beside it. */
export async function openViewerInBrowser(path: string): Promise<ViewerInBrowser> {
  const server = await openViewer(path);
  const { browser, page, pageErrors } = await openBrowserPage();
  return {
    url: server.viewer.url,
    browser,
    page,
    pageErrors,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

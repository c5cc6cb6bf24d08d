import { renderAnalysisPage } from "./analysis-page.js";
import { serverInfo } from "./api-client.js";
import { renderComparePage } from "./compare-page.js";
import { renderListPage } from "./list-page.js";
import type { Page } from "./page.js";
import { parseRoute } from "./router.js";
import { renderRunPage } from "./run-page.js";
import { renderRunsPage } from "./runs-page.js";
import { renderSessionPage } from "./session-page.js";
import { renderSessionsPage } from "./sessions-page.js";
import { renderTracePage } from "./trace-page.js";

/** How often the page re-reads the store while "Live" is on. */
const LIVE_INTERVAL_MS = 2000;

function start(): void {
  const root = document.getElementById("app") as HTMLElement;
  const live = document.getElementById("live") as HTMLInputElement;
  const storeLabel = document.getElementById("store") as HTMLElement;
  let page: Page | undefined;
  let refreshing = false;
  let listHash = "#/";

  const show = () => {
    const route = parseRoute(location.hash);
    if (route.page === "list") listHash = location.hash || "#/";
    if (route.page === "trace") page = renderTracePage(root, route, listHash);
    else if (route.page === "sessions") page = renderSessionsPage(root, route);
    else if (route.page === "session") page = renderSessionPage(root, route);
    else if (route.page === "runs") page = renderRunsPage(root, route);
    else if (route.page === "run") page = renderRunPage(root, route);
    else if (route.page === "compare") page = renderComparePage(root, route);
    else if (route.page === "analysis") page = renderAnalysisPage(root, route);
    else page = renderListPage(root, route);
    window.scrollTo(0, 0);
  };

  window.addEventListener("hashchange", show);
  setInterval(() => {
    if (!live.checked || document.hidden || refreshing || !page) return;
    refreshing = true;
    void page.refresh().finally(() => {
      refreshing = false;
    });
  }, LIVE_INTERVAL_MS);

  void serverInfo().then(
    (info) => {
      storeLabel.textContent = info.store;
      storeLabel.title = `traceloom ${info.version} · ${info.store}`;
    },
    () => undefined,
  );
  show();
}

start();

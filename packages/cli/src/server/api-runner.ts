import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SqliteTraceStore, type TraceStore } from "@traceloom/core";
import type { PriceTable } from "../pricing/price-table.js";
import { TraceCostCache } from "../pricing/trace-cost-cache.js";
import { routeApi, type ApiResult } from "./api-routes.js";
import { QueryLane } from "./query-lane.js";

/** Answers `/api/...` requests. */
export interface ApiRunner {
  /** The route's result; a 503 when it took longer than the query deadline. */
  run(path: string, query: string): Promise<ApiResult>;
  close(): Promise<void>;
}

/** Options of {@link createApiRunner}. */
export interface ApiRunnerOptions {
  store: TraceStore;
  prices: PriceTable;
  version: string;
  /** A search stops after this long and answers 503 "narrow it". */
  queryTimeoutMs: number;
  /** The built query-worker.js; default: beside this module, else the package's dist/. */
  workerScript?: string;
}

/** Routes that scan many traces: they share the search lane, so the lookups lane stays quick. */
const SEARCH_PATHS = new Set(["/api/traces", "/api/stats"]);

/** Time the worker gets beyond the deadline to deliver its own "took too long" answer, before it is replaced. */
const GRACE_MS = 1000;

function tooSlow(timeoutMs: number): ApiResult {
  return {
    status: 503,
    body: { error: `The query took longer than ${timeoutMs} ms and was stopped; narrow it (a filter on status, name, timestamp_ms or tags, or one experiment)` },
  };
}

/** Where the query worker's built script is: beside the bundled module, or in dist/ when running from src/. */
export function defaultWorkerScript(): string {
  const candidates = [new URL("./query-worker.js", import.meta.url), new URL("../../dist/query-worker.js", import.meta.url)];
  const found = candidates.map((u) => fileURLToPath(u)).find((p) => existsSync(p));
  if (!found) throw new Error("The viewer's query worker (query-worker.js) is missing: build the traceloom package");
  return found;
}

/**
 * Runs API routes off the server's event loop for a SQLite store: searches and stats in one worker, everything else
 * (a trace, the experiments) in another, so a slow search never holds up a trace's page. Identical requests in flight share
 * one answer (several tabs refreshing the same list). A memory store is answered in-process.
 */
export function createApiRunner(options: ApiRunnerOptions): ApiRunner {
  const { store, prices, version, queryTimeoutMs } = options;
  if (!(store instanceof SqliteTraceStore)) {
    const ctx = { store, prices, costs: new TraceCostCache(prices), version };
    return { run: async (path, query) => routeApi(ctx, path, new URLSearchParams(query)), close: async () => undefined };
  }
  const script = options.workerScript ?? defaultWorkerScript();
  const data = { uri: store.uri, prices: Object.fromEntries(prices.entries()), queryTimeoutMs, version };
  const searches = new QueryLane(script, data);
  const lookups = new QueryLane(script, data);
  const inFlight = new Map<string, Promise<ApiResult>>();
  let nextId = 0;

  const runOnce = (path: string, query: string): Promise<ApiResult> => {
    const lane = SEARCH_PATHS.has(path) ? searches : lookups;
    const id = ++nextId;
    return new Promise<ApiResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        lane.abandon(id);
        resolve(tooSlow(queryTimeoutMs));
      }, queryTimeoutMs + GRACE_MS);
      lane.submit({ id, path, query }).then(
        (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  };

  return {
    run(path, query) {
      const key = `${path}?${query}`;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = runOnce(path, query).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
    async close() {
      await Promise.all([searches.close(), lookups.close()]);
    },
  };
}

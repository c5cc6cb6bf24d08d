/**
 * The viewer's query thread: opens the store read-only and answers API requests (`/api/...`) posted by the server's
 * {@link WorkerApiRunner}, so a slow search never blocks the server's event loop. Every statement is interruptible:
 * it stops at the query deadline, or at once when the server sets the shared cancel flag (shutdown).
 */
import { parentPort, workerData } from "node:worker_threads";
import { openTraceStore } from "@traceloom/core";
import { PriceTable } from "../pricing/price-table.js";
import { TraceCostCache } from "../pricing/trace-cost-cache.js";
import { routeApi, type ApiContext } from "./api-routes.js";
import type { QueryRequest, QueryWorkerData, QueryReply } from "./query-protocol.js";

const data = workerData as QueryWorkerData;
const cancel = new Int32Array(data.cancel);
const store = openTraceStore(data.uri, {
  readonly: true,
  queryTimeoutMs: data.queryTimeoutMs,
  isCancelled: () => Atomics.load(cancel, 0) !== 0,
});
const prices = new PriceTable(data.prices);
const ctx: ApiContext = { store, prices, costs: new TraceCostCache(prices), version: data.version };

parentPort?.on("message", (req: QueryRequest) => {
  let reply: QueryReply;
  try {
    reply = { id: req.id, result: routeApi(ctx, req.path, new URLSearchParams(req.query)) };
  } catch (err) {
    reply = { id: req.id, error: (err as Error).message };
  }
  parentPort?.postMessage(reply);
});

import type { ModelPrice } from "../pricing/default-prices.js";
import type { ApiResult } from "./api-routes.js";

/** What the query worker is started with. */
export interface QueryWorkerData {
  uri: string;
  prices: Record<string, ModelPrice>;
  queryTimeoutMs: number;
  /** An Int32Array's buffer: non-zero stops the running statement (the server is shutting down or gave up on it). */
  cancel: SharedArrayBuffer;
  version: string;
}

/** One API request for the worker. */
export interface QueryRequest {
  id: number;
  path: string;
  /** The URL's search string. */
  query: string;
}

/** The worker's answer to a {@link QueryRequest}: a result, or the message of an unexpected failure. */
export type QueryReply = { id: number; result: ApiResult; error?: undefined } | { id: number; error: string; result?: undefined };

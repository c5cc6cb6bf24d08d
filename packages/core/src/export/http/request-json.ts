import { displayUrl, HttpExportError, isRetryableStatus } from "./http-error.js";

/** One HTTP request of an exporter. */
export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH";
  url: string;
  headers?: Record<string, string>;
  /** Sent as is when a string, JSON-encoded otherwise. */
  body?: unknown;
  /** Aborts the request after this long, ms. */
  timeoutMs: number;
}

/**
 * Sends a request with `fetch` and returns the parsed JSON body (or undefined for an empty one). Any failure is
 * an {@link HttpExportError} saying whether a retry may help; its message names the method, the URL without
 * credentials and the status, plus the start of the server's error body.
 */
export async function requestJson<T = unknown>(req: HttpRequest): Promise<T | undefined> {
  const where = `${req.method} ${displayUrl(req.url)}`;
  let response: Response;
  try {
    const body = req.body === undefined || typeof req.body === "string" ? req.body : JSON.stringify(req.body);
    response = await fetch(req.url, {
      method: req.method,
      headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...req.headers },
      body,
      signal: AbortSignal.timeout(req.timeoutMs),
    });
  } catch (err) {
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new HttpExportError(`${where} failed: ${reason}`, undefined, true);
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) {
    const detail = text ? `: ${text.slice(0, 300)}` : "";
    throw new HttpExportError(`${where} answered ${response.status}${detail}`, response.status, isRetryableStatus(response.status));
  }
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { displayUrl, HttpExportError, isRetryableStatus } from "./http-error.js";
import { DEADLINE_ABORT } from "../batch-queue.js";

/** One HTTP request of an exporter. */
export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  /** Bytes or text sent as is; anything else is JSON-encoded (with `content-type: application/json`). */
  body?: unknown;
  /** Aborts the request after this long, ms. */
  timeoutMs: number;
  /** Aborts the request early (the exit deadline). */
  signal?: AbortSignal;
}

/** What came back: the status and the body as text. */
export interface HttpResponse {
  status: number;
  text: string;
}

// Keep-alive agents: idle sockets are unref'd by Node, so a pooled connection never keeps a process alive.
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

function encodeBody(body: unknown): { data?: Buffer | string; contentType?: string } {
  if (body === undefined) return {};
  if (body instanceof Uint8Array) return { data: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
  if (typeof body === "string") return { data: body, contentType: "application/json" };
  return { data: JSON.stringify(body), contentType: "application/json" };
}

/**
 * Sends one request with node:http(s) — not `fetch`, which refuses "bad ports" such as 5060 or 6000 that MLflow
 * servers do run on. The socket is unref'd while the request is in flight: an export never by itself keeps a
 * finished program alive (the exit hooks keep it alive, up to their deadline, when something is still pending).
 * Resolves with any status; rejects with a retryable {@link HttpExportError} on a network error, timeout or abort.
 */
export function sendRequest(req: HttpRequest): Promise<HttpResponse> {
  const where = `${req.method} ${displayUrl(req.url)}`;
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      reject(new HttpExportError(`${where}: not a valid URL`, undefined, false));
      return;
    }
    const { data, contentType } = encodeBody(req.body);
    const headers: Record<string, string | number> = { ...(contentType ? { "content-type": contentType } : {}), ...req.headers };
    if (data !== undefined) headers["content-length"] = Buffer.byteLength(data);
    const https = url.protocol === "https:";
    const send = https ? httpsRequest : httpRequest;
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(new HttpExportError(`${where} failed: ${reason}`, undefined, true));
    };
    const client = send(url, { method: req.method, headers, agent: https ? agents.https : agents.http }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (err) => fail(err.message));
      res.on("end", () => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    const timer = setTimeout(() => {
      fail(`no answer within ${req.timeoutMs} ms`);
      client.destroy();
    }, req.timeoutMs);
    timer.unref();
    const onAbort = () => {
      fail(DEADLINE_ABORT);
      client.destroy();
    };
    const cleanup = () => {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
    };
    client.on("error", (err) => fail(describeNetworkError(err)));
    if (req.signal?.aborted) {
      onAbort();
      return;
    }
    req.signal?.addEventListener("abort", onAbort, { once: true });
    client.on("socket", (socket) => socket.unref());
    client.end(data);
  });
}

function describeNetworkError(err: Error & { code?: string }): string {
  return err.code && !err.message.includes(err.code) ? `${err.code} ${err.message}` : err.message;
}

/**
 * Sends a request and returns the parsed JSON body (undefined when empty or not JSON). A non-2xx answer is an
 * {@link HttpExportError} naming the method, the URL without credentials, the status and the start of the body,
 * and whether a retry may help.
 */
export async function requestJson<T = unknown>(req: HttpRequest): Promise<T | undefined> {
  const { status, text } = await sendRequest(req);
  if (status < 200 || status >= 300) throw statusError(req, status, text);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** The error for a non-2xx answer: one line, no credentials. */
export function statusError(req: Pick<HttpRequest, "method" | "url">, status: number, text: string): HttpExportError {
  const detail = text ? `: ${text.replace(/\s+/g, " ").slice(0, 200)}` : "";
  return new HttpExportError(`${req.method} ${displayUrl(req.url)} answered ${status}${detail}`, status, isRetryableStatus(status));
}

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { userInfo } from "node:os";
import { logOnce, type TraceStore } from "@traceloom/core";
import { PriceTable } from "../pricing/price-table.js";
import { VERSION } from "../version.js";
import { createApiRunner, type ApiRunner } from "./api-runner.js";
import { allowedHostNames } from "./allowed-hosts.js";
import type { ApiResult } from "./api-routes.js";
import { isAssessmentWritePath, runAssessmentWrite, type WriteContext } from "./assessment-writes.js";
import { isTagWritePath, runTagWrite } from "./tag-writes.js";
import { newWriteToken, writeRefusal } from "./write-guard.js";
import { isAllowedHost, setSecurityHeaders } from "./security.js";
import { defaultAssetsDir, loadAssets, type Asset } from "./static-assets.js";

/** Options of {@link startViewer}. */
export interface ViewerOptions {
  /**
   * The store to show. The viewer reads it (open it read-only); its only writes are reviewers' feedback, through a
   * connection opened for each write.
   */
  store: TraceStore;
  /** The HUMAN source ID of feedback given in this viewer; default the OS user name. */
  reviewer?: string;
  /** Default 127.0.0.1. Anything else exposes your traces to the network. */
  host?: string;
  /**
   * More names the Host header may carry (e.g. the name of a reverse proxy or tunnel in front of the viewer).
   * Loopback names are always accepted, and for a bind that is not loopback also the machine's addresses and
   * hostname; requests naming anything else are refused (DNS rebinding).
   */
  allowedHosts?: string[];
  /** Default 5050; 0 picks a free port. */
  port?: number;
  prices?: PriceTable;
  /** The built viewer files; default `web/` beside this module. */
  assetsDir?: string;
  /** A search that runs longer is stopped and answered with 503 "narrow it"; default {@link DEFAULT_QUERY_TIMEOUT_MS}. */
  queryTimeoutMs?: number;
  /** The built query worker script; default `query-worker.js` beside this module. */
  workerScript?: string;
}

/** How long a viewer search may run by default. */
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

/** A running viewer. */
export interface RunningViewer {
  url: string;
  port: number;
  /** The Host header names it answers to, sorted (others get 421). */
  hostNames: string[];
  /** Stops the running query, stops accepting requests and closes open connections. Does not close the store. */
  close(): Promise<void>;
}

/** The port `traceloom ui` listens on by default. */
export const DEFAULT_PORT = 5050;

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, head: boolean): void {
  res.statusCode = status;
  res.setHeader("Content-Type", contentType);
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(head ? undefined : body);
}

/** The request's path and query, or undefined when they do not form a URL (`GET //`). */
function requestUrl(path: string | undefined): URL | undefined {
  try {
    return new URL(path ?? "/", "http://viewer.invalid");
  } catch {
    return undefined;
  }
}

/** What a request is served with. */
interface Handlers {
  api: ApiRunner;
  assets: Map<string, Asset>;
  hostNames: ReadonlySet<string>;
  writes: WriteContext;
  /** The per-server write token, handed to the page by `/api/info`. */
  writeToken: string;
}

/** Answers an API result as JSON, or a failure as a logged 500. */
function answer(res: ServerResponse, path: string, pending: Promise<ApiResult>, head: boolean): void {
  res.setHeader("Cache-Control", "no-store");
  pending.then(
    (result) => {
      if (result.download) {
        res.setHeader("Content-Disposition", `attachment; filename="${result.download.filename}"`);
        return send(res, result.status, "application/json", result.download.text, head);
      }
      return send(res, result.status, "application/json", JSON.stringify(result.body), head);
    },
    (err: Error) => {
      logOnce(`viewer-api:${path}`, `viewer request ${path} failed`, err);
      send(res, 500, "application/json", JSON.stringify({ error: err.message }), head);
    },
  );
}

/** A write: only to the assessment and tag routes, only with the write guard's consent (403 otherwise). */
function handleWrite(h: Handlers, req: IncomingMessage, res: ServerResponse): void {
  const url = requestUrl(req.url);
  const tags = url !== undefined && isTagWritePath(url.pathname);
  if (!url || !(tags || isAssessmentWritePath(url.pathname)) || !["POST", "PATCH", "DELETE"].includes(req.method ?? "")) {
    res.setHeader("Allow", "GET, HEAD");
    return send(res, 405, "text/plain; charset=utf-8", "The viewer is read-only here; it takes writes only of assessments and trace tags\n", false);
  }
  const refusal = writeRefusal(req, h.writeToken);
  if (refusal) return send(res, 403, "application/json", JSON.stringify({ error: `Refused: ${refusal}` }), false);
  answer(res, url.pathname, (tags ? runTagWrite : runAssessmentWrite)(h.writes, req, url.pathname), false);
}

function handle(h: Handlers, req: IncomingMessage, res: ServerResponse): void {
  setSecurityHeaders(res);
  const head = req.method === "HEAD";
  if (!isAllowedHost(req, h.hostNames)) return send(res, 421, "text/plain; charset=utf-8", "Unknown Host header\n", head);
  if (req.method !== "GET" && !head) return handleWrite(h, req, res);
  const url = requestUrl(req.url);
  if (!url) return send(res, 400, "text/plain; charset=utf-8", "Malformed request path\n", head);
  if (url.pathname === "/api/info") {
    const info = h.api.run(url.pathname, url.search).then((r) => ({ ...r, body: { ...(r.body as object), writeToken: h.writeToken, reviewer: h.writes.reviewer } }));
    return answer(res, url.pathname, info, head);
  }
  if (url.pathname.startsWith("/api/")) return answer(res, url.pathname, h.api.run(url.pathname, url.search), head);
  const asset = h.assets.get(url.pathname);
  if (!asset) return send(res, 404, "text/plain; charset=utf-8", "Not found\n", head);
  res.setHeader("Cache-Control", "no-cache");
  return send(res, 200, asset.contentType, asset.body, head);
}

/** The OS user name, else "viewer" (no user database in some containers). */
function osUser(): string {
  try {
    return userInfo().username || "viewer";
  } catch {
    return "viewer";
  }
}

/**
 * Serves the trace viewer: a small JSON API over the store (`/api/experiments`, `/api/traces`, `/api/traces/:id`;
 * its only writes are assessments, guarded against cross-site requests, see `writeRefusal`) and the viewer's
 * static files, on 127.0.0.1 unless told otherwise. The API runs in worker threads (see {@link createApiRunner}): the server answers static files and other requests while a search runs.
 */
export async function startViewer(options: ViewerOptions): Promise<RunningViewer> {
  const host = options.host ?? "127.0.0.1";
  const assets = loadAssets(options.assetsDir ?? defaultAssetsDir());
  const prices = options.prices ?? new PriceTable();
  const api = createApiRunner({
    store: options.store,
    prices,
    version: VERSION,
    queryTimeoutMs: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    workerScript: options.workerScript,
  });
  const handlers: Handlers = {
    api,
    assets,
    hostNames: allowedHostNames(host, options.allowedHosts),
    writes: { store: options.store, reviewer: options.reviewer ?? osUser() },
    writeToken: newWriteToken(),
  };
  const { hostNames } = handlers;
  const server = createServer((req, res) => handle(handlers, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) => {
      void api.close();
      reject(err);
    });
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    hostNames: [...hostNames].sort(),
    close: async () => {
      await api.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

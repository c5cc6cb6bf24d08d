import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { logOnce, type TraceStore } from "@traceloom/core";
import { PriceTable } from "../pricing/price-table.js";
import { VERSION } from "../version.js";
import { createApiRunner, type ApiRunner } from "./api-runner.js";
import { allowedHostNames } from "./allowed-hosts.js";
import { isAllowedHost, setSecurityHeaders } from "./security.js";
import { defaultAssetsDir, loadAssets, type Asset } from "./static-assets.js";

/** Options of {@link startViewer}. */
export interface ViewerOptions {
  /** The store to show; the viewer only reads it. */
  store: TraceStore;
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

function handle(api: ApiRunner, assets: Map<string, Asset>, hostNames: ReadonlySet<string>, req: IncomingMessage, res: ServerResponse): void {
  setSecurityHeaders(res);
  const head = req.method === "HEAD";
  if (!isAllowedHost(req, hostNames)) return send(res, 421, "text/plain; charset=utf-8", "Unknown Host header\n", head);
  if (req.method !== "GET" && !head) {
    res.setHeader("Allow", "GET, HEAD");
    return send(res, 405, "text/plain; charset=utf-8", "The viewer is read-only\n", head);
  }
  const url = requestUrl(req.url);
  if (!url) return send(res, 400, "text/plain; charset=utf-8", "Malformed request path\n", head);
  if (url.pathname.startsWith("/api/")) {
    res.setHeader("Cache-Control", "no-store");
    api.run(url.pathname, url.search).then(
      (result) => {
        if (result.download) {
          res.setHeader("Content-Disposition", `attachment; filename="${result.download.filename}"`);
          return send(res, result.status, "application/json", result.download.text, head);
        }
        return send(res, result.status, "application/json", JSON.stringify(result.body), head);
      },
      (err: Error) => {
        logOnce(`viewer-api:${url.pathname}`, `viewer request ${url.pathname} failed`, err);
        send(res, 500, "application/json", JSON.stringify({ error: err.message }), head);
      },
    );
    return;
  }
  const asset = assets.get(url.pathname);
  if (!asset) return send(res, 404, "text/plain; charset=utf-8", "Not found\n", head);
  res.setHeader("Cache-Control", "no-cache");
  return send(res, 200, asset.contentType, asset.body, head);
}

/**
 * Serves the trace viewer: a small read-only JSON API over the store (`/api/experiments`, `/api/traces`,
 * `/api/traces/:id`) and the viewer's static files, on 127.0.0.1 unless told otherwise. The API runs in worker
 * threads (see {@link createApiRunner}): the server answers static files and other requests while a search runs.
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
  const hostNames = allowedHostNames(host, options.allowedHosts);
  const server = createServer((req, res) => handle(api, assets, hostNames, req, res));
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

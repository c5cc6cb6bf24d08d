import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a loopback server received. */
export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The status the server answered with (set once answered). */
  status?: number;
}

/** A handler answers by writing to `res`; it may be async. */
export type Route = (req: Received, res: ServerResponse) => void | Promise<void>;

/** A small HTTP server on 127.0.0.1 that records every request and lets a test fail the next N of a path. */
export class LoopbackServer {
  readonly requests: Received[] = [];
  private readonly failures = new Map<string, { status: number; left: number }>();
  private server: Server | undefined;
  url = "";

  constructor(private readonly route: Route) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next `count` requests whose path starts with `pathPrefix` get `status` (e.g. 503). */
  failNext(pathPrefix: string, status: number, count = 1): void {
    this.failures.set(pathPrefix, { status, left: count });
  }

  /** Requests whose path starts with `prefix`. */
  to(prefix: string): Received[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  async close(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", "http://x");
    const received: Received = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
    this.requests.push(received);
    res.on("finish", () => {
      received.status = res.statusCode;
    });
    for (const [prefix, f] of this.failures) {
      if (f.left > 0 && received.path.startsWith(prefix)) {
        f.left--;
        res.writeHead(f.status, { "content-type": "application/json" }).end(JSON.stringify({ error_code: "TEMPORARILY_UNAVAILABLE" }));
        return;
      }
    }
    try {
      await this.route(received, res);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  }
}

/** A URL on which nothing listens (a server started and closed), for "receiver is down" tests. */
export async function deadUrl(): Promise<string> {
  const s = await new LoopbackServer((_, res) => void res.end()).start();
  const url = s.url;
  await s.close();
  return url;
}

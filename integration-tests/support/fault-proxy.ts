import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the proxy saw, and what it did with it. */
export interface ProxiedRequest {
  method: string;
  path: string;
  bytes: number;
  answered: number | "stalled";
}

/** What to do with a request: pass it to the server, answer it with a status, or never answer. */
export type FaultAction = "pass" | "stall" | { status: number };
/** Decides per request; `seen` counts earlier requests to the same path. */
export type FaultRule = (req: { method: string; path: string; bytes: number; seen: number }) => FaultAction;

/**
 * A loopback HTTP proxy in front of a real server that injects faults (status answers, stalls) chosen per
 * request by a rule, and records what it saw. Listens on `port` (0 = any free port; a fixed one lets a test use
 * a port `fetch` refuses).
 */
export class FaultProxy {
  readonly requests: ProxiedRequest[] = [];
  rule: FaultRule = () => "pass";
  private server: Server | undefined;
  private readonly stalled = new Set<ServerResponse>();
  url = "";

  constructor(private readonly target: string) {}

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, "127.0.0.1", resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Requests to paths starting with `prefix`. */
  to(prefix: string): ProxiedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const seen = this.requests.filter((r) => r.path === path).length;
    const record: ProxiedRequest = { method: req.method ?? "GET", path, bytes: body.length, answered: 0 };
    this.requests.push(record);
    const action = this.rule({ method: record.method, path, bytes: body.length, seen });
    if (action === "stall") {
      record.answered = "stalled";
      this.stalled.add(res);
      return;
    }
    if (action !== "pass") {
      record.answered = action.status;
      res.writeHead(action.status, { "content-type": "application/json" }).end(JSON.stringify({ error_code: "INJECTED_FAULT", message: `injected ${action.status}` }));
      return;
    }
    const upstream = request(`${this.target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(this.target).host } }, (up) => {
      record.answered = up.statusCode ?? 0;
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => {
      record.answered = 502;
      res.writeHead(502).end();
    });
    upstream.end(body);
  }
}

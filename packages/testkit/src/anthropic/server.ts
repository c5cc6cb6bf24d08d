import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, parseBody, sendJson } from "../http.js";
import { formatSse } from "../sse.js";
import { FakeIds, renderMessage, renderStream, replyBlocks } from "./render.js";
import { describeRequest, inputTokensOf, invalidMessagesRequest } from "./request.js";
import type { AnthropicHandler, AnthropicRecordedRequest, AnthropicReply, FakeAnthropic } from "./types.js";

const MAX_BODY = 32 * 1024 * 1024;

/** Anthropic's error body (`{type: "error", error: {type, message}}`) with its status. */
function sendError(res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string>): void {
  sendJson(res, status, { type: "error", error: { type, message }, request_id: headers["request-id"] }, headers);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a loopback server speaking the Anthropic Messages API (`POST /v1/messages`, plain and `stream: true`
 * with Anthropic's event sequence, and `POST /v1/messages/count_tokens`) on 127.0.0.1, a free port. Replies come
 * from `script()` queues, then the handler, else an echo of the last user text. Point the SDK at `fake.url`.
 * @example
 * const fake = await startFakeAnthropic();
 * const client = new Anthropic({ baseURL: fake.url, apiKey: "test" });
 */
export async function startFakeAnthropic(options: { handler?: AnthropicHandler } = {}): Promise<FakeAnthropic> {
  const queue: AnthropicReply[] = [];
  const requests: AnthropicRecordedRequest[] = [];
  let handler = options.handler;
  let requestCount = 0;
  const ids = new FakeIds();

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = { "request-id": `req_fake${++requestCount}`, "anthropic-organization-id": "org-fake" };
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname.replace(/\/+$/, "");
    const body = parseBody(await readBody(req, MAX_BODY), req.headers["content-type"]);
    requests.push({ method: req.method ?? "GET", path, headers: req.headers, body });
    const countOnly = path === "/v1/messages/count_tokens";
    if (req.method !== "POST" || (path !== "/v1/messages" && !countOnly)) {
      sendError(res, 404, "not_found_error", `Not found: ${req.method} ${path}`, headers);
      return;
    }
    const invalid = invalidMessagesRequest(body, countOnly);
    if (invalid) {
      sendError(res, 400, "invalid_request_error", invalid, headers);
      return;
    }
    if (countOnly) {
      sendJson(res, 200, { input_tokens: inputTokensOf(body) }, headers);
      return;
    }
    const info = describeRequest(body);
    const reply = queue.shift() ?? handler?.(info) ?? {};
    if ("error" in reply) {
      sendError(res, reply.error.status, reply.error.type, reply.error.message, headers);
      return;
    }
    const message = renderMessage(ids, body.model, reply, replyBlocks(ids, reply, `Echo: ${info.lastUserText}`), inputTokensOf(body));
    if (body.stream !== true) {
      sendJson(res, 200, message, headers);
      return;
    }
    res.writeHead(200, { ...headers, "content-type": "text/event-stream", "cache-control": "no-cache" });
    const events = renderStream(message);
    for (const [i, event] of events.entries()) {
      if (reply.stallAfterEvents !== undefined && i >= reply.stallAfterEvents) return; // left open: the client stops it
      if (res.destroyed) return;
      res.write(formatSse({ event: event.type, data: event }));
      if (reply.eventDelayMs) await sleep(reply.eventDelayMs);
    }
    res.end();
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) sendError(res, 500, "api_error", `fake-anthropic internal error: ${String(err)}`, {});
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => void queue.push(...replies),
    setHandler: (h) => void (handler = h),
    reset() {
      queue.length = 0;
      requests.length = 0;
      ids.reset();
      requestCount = 0;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

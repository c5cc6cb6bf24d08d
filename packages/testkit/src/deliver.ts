import type { ServerResponse } from "node:http";
import { errorBody, errorHeaders } from "./errors.js";
import { sendJson } from "./http.js";
import type { Lifecycle } from "./lifecycle.js";
import type { Rendered } from "./render.js";
import type { ResolvedReply } from "./script.js";
import { writeSse } from "./sse.js";

/** One response being produced: where to write, what cancels it, and the base headers. */
export interface Exchange {
  res: ServerResponse;
  lifecycle: Lifecycle;
  /** Aborted when the client goes away before the response finished. */
  signal: AbortSignal;
  /** Headers sent with every response (e.g. `x-request-id`). */
  headers: Record<string, string>;
}

/**
 * Deliver a resolved reply: wait `delayMs`, then send the error or the rendered body (JSON or SSE), honouring
 * `interrupt` and `chunkDelayMs`. `render` runs only when a success body is actually needed, so ids are not
 * consumed by requests that were cancelled while delayed.
 */
export async function deliver(
  exchange: Exchange,
  reply: ResolvedReply,
  render: () => Rendered,
): Promise<void> {
  const { res, lifecycle, signal } = exchange;
  const { delayMs, interrupt, chunkDelayMs } = reply.delivery;
  const headers = { ...exchange.headers, ...reply.delivery.headers };
  if (delayMs && !(await lifecycle.delay(delayMs, signal))) return;
  if (signal.aborted || lifecycle.isClosed) return;

  if (reply.kind === "error") {
    if (interrupt) return interruptNow(res, interrupt.mode);
    sendJson(res, reply.error.status, errorBody(reply.error), { ...headers, ...errorHeaders(reply.error) });
    return;
  }
  const rendered = render();
  if ("json" in rendered) {
    if (interrupt) return interruptNow(res, interrupt.mode);
    sendJson(res, 200, rendered.json, headers);
    return;
  }
  await writeSse(res, rendered.events, { headers, chunkDelayMs, interrupt }, lifecycle, signal);
}

function interruptNow(res: ServerResponse, mode: "stall" | "break"): void {
  if (mode === "break") res.socket?.destroy();
  // "stall": never answer; the client's abort or close() ends the connection.
}

import type { ServerResponse } from "node:http";
import type { Lifecycle } from "./lifecycle.js";
import type { SseEvent } from "./render.js";
import type { Interruption } from "./types.js";

/** Format one server-sent event: optional `event:` line, one `data:` line, blank line. */
export function formatSse(event: SseEvent): string {
  const data = typeof event.data === "string" ? event.data : JSON.stringify(event.data);
  return `${event.event ? `event: ${event.event}\n` : ""}data: ${data}\n\n`;
}

/** How to pace and possibly cut a stream. */
export interface StreamPlan {
  headers: Record<string, string>;
  chunkDelayMs?: number;
  interrupt?: Interruption;
}

/**
 * Write `events` as an SSE response. Stops early (without ending the response) when the client goes away
 * (`signal`) or the server shuts down; stalls or destroys the socket as `plan.interrupt` says.
 */
export async function writeSse(
  res: ServerResponse,
  events: SseEvent[],
  plan: StreamPlan,
  lifecycle: Lifecycle,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(200, {
    ...plan.headers,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
  });
  res.flushHeaders();
  const cutAt = plan.interrupt ? Math.max(0, plan.interrupt.after ?? 0) : Infinity;
  for (let i = 0; i < events.length; i++) {
    if (signal.aborted || lifecycle.isClosed) return;
    if (i >= cutAt) {
      // "break": flush what was written, then drop the connection without the final chunk of the body.
      if (plan.interrupt?.mode === "break") res.socket?.end();
      return; // "stall": leave the response open; close() or the client's abort ends it.
    }
    res.write(formatSse(events[i]));
    if (plan.chunkDelayMs && i < events.length - 1) {
      const elapsed = await lifecycle.delay(plan.chunkDelayMs, signal);
      if (!elapsed) return;
    }
  }
  res.end();
}

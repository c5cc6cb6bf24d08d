import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** The header in which the viewer's page sends the write token it read from `/api/info`. */
export const WRITE_TOKEN_HEADER = "x-traceloom-token";

/** A new per-server write token: 32 random bytes, hex. */
export function newWriteToken(): string {
  return randomBytes(32).toString("hex");
}

function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The `host[:port]` of an Origin header, or undefined for `null` or anything that is not an http(s) origin. */
function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why a write request must be refused, or undefined when it may go on. A write must carry the server's token in
 * {@link WRITE_TOKEN_HEADER} (a page of another origin can neither read the token nor send a custom header without
 * a CORS preflight, which the viewer never grants), a JSON body where it has one (HTML forms cannot send it), and,
 * when the browser names them, an Origin whose host is the Host header's and a same-origin Sec-Fetch-Site.
 */
export function writeRefusal(req: IncomingMessage, token: string): string | undefined {
  if (!sameToken(req.headers[WRITE_TOKEN_HEADER], token)) return "a write needs the viewer's token";
  const origin = req.headers.origin;
  if (origin !== undefined && originHost(origin) !== req.headers.host?.toLowerCase()) return "a write must come from the viewer's own page";
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin") return "a write must come from the viewer's own page";
  if (req.method !== "DELETE" && !/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "")) return "a write must send JSON";
  return undefined;
}

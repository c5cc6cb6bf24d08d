import type { IncomingMessage, ServerResponse } from "node:http";
import { hostHeaderName } from "./allowed-hosts.js";

/**
 * The viewer's Content-Security-Policy: only its own script and stylesheet, no inline code, no plugins, no
 * framing, requests only to itself. Trace content is rendered as text, and this is the second line of defence.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Sets the security headers every response carries. */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
}

/**
 * True when the Host header names this server by one of `allowed` (see `allowedHostNames`), which defeats
 * DNS-rebinding pages that would otherwise read traces through the user's browser.
 */
export function isAllowedHost(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const name = hostHeaderName(req.headers.host);
  return name !== undefined && allowed.has(name);
}

/**
 * An HTTP exchange that failed. `retryable` tells the export queue whether trying again may help (network
 * errors, 408, 429 and 5xx) or not (other 4xx: bad payload, bad credentials). Messages never hold credentials.
 */
export class HttpExportError extends Error {
  constructor(
    message: string,
    /** HTTP status, or undefined for a network error or timeout. */
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "HttpExportError";
  }
}

/** True for statuses worth a retry: 408, 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A URL fit for a log line: no user info, no query string (signed URLs carry credentials there). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "<invalid URL>";
  }
}

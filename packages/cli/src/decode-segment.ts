/**
 * Decodes a percent-encoded URL path segment. A malformed escape (`%E0`) is kept as sent rather than thrown, so
 * the caller's own check (is it a trace ID?) rejects it with a clear message.
 */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

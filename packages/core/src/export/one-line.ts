/** An error as one log line: its message only (no stack), whitespace collapsed, at most 300 characters. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

/** The first `limit` characters of `text` and a visible marker naming the original size. */
export function truncationText(text: string, limit: number, size: string): string {
  return `${text.slice(0, limit)}…[truncated by traceloom: ${size} chars in all]`;
}

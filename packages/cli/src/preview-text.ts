/**
 * A request/response preview as a person reads it: a JSON string unquoted, and an object with one obvious text
 * field (`content`, `question`, `query`, `input`, `text`) shown as that text; anything else as is.
 */
export function previewText(preview: string): string {
  try {
    const v: unknown = JSON.parse(preview);
    if (typeof v === "string") return v;
    if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      for (const key of ["content", "question", "query", "input", "text"]) if (typeof o[key] === "string") return o[key] as string;
    }
  } catch {
    // not JSON: shown as is
  }
  return preview;
}

/**
 * Text helpers shared by the endpoints: the fake tokenizer (one token per whitespace-separated word),
 * extraction of text from OpenAI message content, and splitting text into stream pieces.
 */

/** Count "tokens": whitespace-separated words. */
export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/**
 * Text of a message `content`: a string, or an array of parts whose `text` (chat `text`, responses
 * `input_text`/`output_text`) or `refusal` fields are joined with newlines. Non-text parts are skipped.
 */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const texts: string[] = [];
  for (const part of content) {
    if (typeof part === "string") texts.push(part);
    else if (part && typeof part === "object") {
      const p = part as Record<string, unknown>;
      if (typeof p.text === "string") texts.push(p.text);
      else if (typeof p.refusal === "string") texts.push(p.refusal);
    }
  }
  return texts.join("\n");
}

/** Split text into word-sized stream pieces whose concatenation is exactly the input. */
export function splitWords(text: string): string[] {
  if (text.length === 0) return [];
  return text.split(/(?<=\s)(?=\S)/);
}

/** Split a string into pieces of at most `size` characters (at least one piece, possibly empty). */
export function splitFixed(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

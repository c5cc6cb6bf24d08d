import { SpanAttributeKey } from "../entities/span.js";
import type { TraceJSON } from "../entities/trace.js";
import { SpanValues } from "./span-values.js";

/** Longest word indexed (longer runs — hashes, base64 — are skipped), in UTF-16 code units. */
export const MAX_WORD_CHARS = 40;
/** Words indexed per trace at most (the first ones, in span order). */
export const MAX_WORDS_PER_TRACE = 20_000;

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The words of a text as free-text search sees them: runs of Unicode letters and digits, lower-cased, so
 * `Golden-Gate_Bridge!` is `golden gate bridge`. Words over {@link MAX_WORD_CHARS} are dropped.
 */
export function textWords(text: string, limit = Number.POSITIVE_INFINITY): string[] {
  // match() with a global pattern gives the words as strings; matchAll made an array object per word (the writer's
  // largest allocation per trace after the JSON, profiled).
  const found = text.toLowerCase().match(WORD) ?? [];
  let kept = 0;
  for (const word of found) {
    if (kept >= limit) break;
    if (word.length <= MAX_WORD_CHARS) found[kept++] = word;
  }
  found.length = kept;
  return found;
}

/** The string leaves of a parsed JSON value, in document order (object keys are not text of the trace). */
function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (typeof value === "number" || typeof value === "boolean") out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) collectStrings(v, out);
}

/**
 * The words free-text search finds a trace by: each span's name, then the text in its inputs and outputs (string,
 * number and boolean values of the JSON, not its keys), in span order, each distinct text once — at most
 * {@link MAX_WORDS_PER_TRACE}.
 */
export function traceWords(trace: TraceJSON, values = new SpanValues()): string[] {
  const words: string[] = [];
  // A text repeated in a trace (the chat history each LLM span is sent again, a span name) is indexed once.
  const seen = new Set<string>();
  for (const span of trace.data.spans) {
    const texts = [span.name];
    collectStrings(values.get(span, SpanAttributeKey.INPUTS), texts);
    collectStrings(values.get(span, SpanAttributeKey.OUTPUTS), texts);
    for (const text of texts) {
      if (seen.has(text)) continue;
      seen.add(text);
      for (const w of textWords(text, MAX_WORDS_PER_TRACE - words.length)) words.push(w);
      if (words.length >= MAX_WORDS_PER_TRACE) return words;
    }
  }
  return words;
}

/** True when `phrase` occurs in `words` as consecutive words. */
export function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Deterministic chat-shaped payloads of a given JSON size, the kind of data an agent's spans carry.
 */

const WORDS = ["agent", "tool", "search", "answer", "context", "document", "weather", "query", "result", "model", "token", "plan"];
const MESSAGE_CHARS = 2_000;

/**
 * Text of exactly `chars` characters made of plain words (nothing JSON needs to escape).
 * @param {number} chars
 * @param {number} seed
 * @returns {string}
 */
export function wordText(chars, seed = 0) {
  const parts = [];
  let length = 0;
  for (let i = seed; length <= chars; i++) {
    const word = WORDS[(i * 7 + 3) % WORDS.length];
    parts.push(word);
    length += word.length + 1;
  }
  return parts.join(" ").slice(0, chars);
}

/**
 * A chat request `{ messages: [{ role, content }] }` whose JSON encoding is `bytes` long (a few bytes
 * short at most, when the rest could not hold one more message).
 * @param {number} bytes
 * @param {number} seed
 * @returns {{ messages: { role: string, content: string }[] }}
 */
export function chatPayload(bytes, seed = 0) {
  const messages = [];
  let remaining = bytes - '{"messages":[]}'.length;
  for (let i = 0; remaining > 0; i++) {
    const role = i % 2 === 0 ? "user" : "assistant";
    const overhead = JSON.stringify({ role, content: "" }).length + (i > 0 ? 1 : 0);
    if (remaining <= overhead) break;
    const content = wordText(Math.min(MESSAGE_CHARS, remaining - overhead), seed + i);
    messages.push({ role, content });
    remaining -= overhead + content.length;
  }
  return { messages };
}

/**
 * JSON size of a value in bytes (UTF-8; the payloads here are ASCII).
 * @param {unknown} value
 * @returns {number}
 */
export function jsonBytes(value) {
  return Buffer.byteLength(JSON.stringify(value));
}

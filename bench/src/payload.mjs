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
  for (let i = seed; length < chars; i++) {
    const word = WORDS[(i * 7 + 3) % WORDS.length];
    parts.push(word);
    length += word.length + 1;
  }
  return parts.join(" ").slice(0, chars);
}

/**
 * A chat request `{ messages: [{ role, content }] }` whose JSON encoding is `bytes` long (±1%).
 * @param {number} bytes
 * @param {number} seed
 * @returns {{ messages: { role: string, content: string }[] }}
 */
export function chatPayload(bytes, seed = 0) {
  const overheadPerMessage = '{"role":"assistant","content":""},'.length;
  const messages = [];
  let remaining = Math.max(0, bytes - '{"messages":[]}'.length);
  for (let i = 0; remaining > overheadPerMessage; i++) {
    const content = wordText(Math.min(MESSAGE_CHARS, remaining - overheadPerMessage), seed + i);
    const role = i % 2 === 0 ? "user" : "assistant";
    messages.push({ role, content });
    remaining -= JSON.stringify({ role, content }).length + 1;
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

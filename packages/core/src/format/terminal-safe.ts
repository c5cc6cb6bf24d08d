/**
 * Characters a terminal may act on instead of printing: C0 controls (ESC starts CSI/OSC sequences — title changes,
 * screen clears, OSC 8 links; BEL; backspace and carriage return overwrite what was printed), DEL, C1 controls
 * (U+009B is a one-character CSI on terminals that honour 8-bit controls) and the bidirectional overrides that
 * reorder what a reader sees ("Trojan Source").
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** The same set minus what JSON.stringify already escapes (C0). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escapeCode(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Untrusted text (span names, model output, error messages) made safe to print on one terminal line: every control
 * character, including newline and tab, is shown as an escape (`\x1b`, `\x0a`, `\u202e`) instead of being acted on.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escapeCode);
}

/**
 * JSON text made safe to print on a terminal, still valid JSON with the same value: JSON.stringify leaves DEL, C1
 * controls and bidirectional overrides raw inside strings; they become `\u` escapes.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

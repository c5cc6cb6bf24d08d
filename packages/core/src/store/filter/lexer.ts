import { FilterSyntaxError } from "./errors.js";

/** Token kinds of the filter grammar. */
export type TokenKind = "ident" | "string" | "number" | "op" | "lparen" | "rparen" | "comma" | "eof";

/** One token with its 0-based position in the filter string. */
export interface Token {
  kind: TokenKind;
  /** For identifiers: the dotted path, backtick quotes removed. For strings: the unescaped value. */
  text: string;
  position: number;
  /** Identifier path segments, e.g. ["tags", "mlflow.traceName"]. */
  segments?: string[];
}

const OPERATORS = ["!=", "<>", "<=", ">=", "=", "<", ">"];

/** Splits a filter string into tokens; throws {@link FilterSyntaxError} naming the position of a bad character. */
export function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = filter.length;
  while (i < n) {
    const c = filter[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const start = i;
    if (c === "(" || c === ")" || c === ",") {
      tokens.push({ kind: c === "(" ? "lparen" : c === ")" ? "rparen" : "comma", text: c, position: start });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => filter.startsWith(o, i));
    if (op) {
      tokens.push({ kind: "op", text: op === "<>" ? "!=" : op, position: start });
      i += op.length;
      continue;
    }
    if (c === "'" || c === '"') {
      const [value, end] = readString(filter, i);
      tokens.push({ kind: "string", text: value, position: start });
      i = end;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(filter[i + 1] ?? ""))) {
      const m = /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(filter.slice(i));
      const text = m ? m[0] : c;
      tokens.push({ kind: "number", text, position: start });
      i += text.length;
      continue;
    }
    // Letters of any script: a bare word of free text (`Zürich`) lexes as a name.
    if (/[\p{L}_`]/u.test(c)) {
      const [segments, end] = readIdentifier(filter, i);
      tokens.push({ kind: "ident", text: segments.join("."), segments, position: start });
      i = end;
      continue;
    }
    throw new FilterSyntaxError(filter, start, `unexpected character "${c}"`);
  }
  tokens.push({ kind: "eof", text: "", position: n });
  return tokens;
}

const LIKE_ESCAPABLE = new Set(["%", "_", "\\"]);

function readString(filter: string, start: number): [string, number] {
  const quote = filter[start];
  let out = "";
  let i = start + 1;
  while (i < filter.length) {
    const c = filter[i];
    if (c === "\\" && i + 1 < filter.length) {
      // `\%`, `\_` and `\\` stay escaped for LIKE patterns (the parser unescapes them for other operators).
      out += LIKE_ESCAPABLE.has(filter[i + 1]) ? filter.slice(i, i + 2) : filter[i + 1];
      i += 2;
      continue;
    }
    if (c === quote) {
      if (filter[i + 1] === quote) {
        out += quote;
        i += 2;
        continue;
      }
      return [out, i + 1];
    }
    out += c;
    i++;
  }
  throw new FilterSyntaxError(filter, start, `unterminated string starting with ${quote}`);
}

function readIdentifier(filter: string, start: number): [string[], number] {
  const segments: string[] = [];
  let i = start;
  for (;;) {
    if (filter[i] === "`") {
      const close = filter.indexOf("`", i + 1);
      if (close < 0) throw new FilterSyntaxError(filter, i, "unterminated backtick-quoted name");
      segments.push(filter.slice(i + 1, close));
      i = close + 1;
    } else {
      const m = /^[\p{L}_][\p{L}\p{N}_\-]*/u.exec(filter.slice(i));
      if (!m) throw new FilterSyntaxError(filter, i, "expected a name");
      segments.push(m[0]);
      i += m[0].length;
    }
    if (filter[i] !== ".") return [segments, i];
    i++;
  }
}

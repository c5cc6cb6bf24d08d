type AnyFunction = (...args: never[]) => unknown;

const cache = new WeakMap<AnyFunction, (string | null)[]>();

/**
 * Parameter names of a function, read from its source text, for recording inputs as `{ name: value }`.
 * A destructured parameter has no name (null); a rest parameter is returned as `...name`.
 */
export function paramNames(fn: AnyFunction): (string | null)[] {
  let names = cache.get(fn);
  if (!names) {
    try {
      names = parse(Function.prototype.toString.call(fn));
    } catch {
      names = [];
    }
    cache.set(fn, names);
  }
  return names;
}

function parse(src: string): (string | null)[] {
  const text = stripComments(src);
  let params: string;
  const arrowSingle = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(text);
  if (arrowSingle) {
    params = arrowSingle[1];
  } else {
    const open = text.indexOf("(");
    if (open < 0) return [];
    const close = matchingParen(text, open);
    params = text.slice(open + 1, close);
  }
  return splitTopLevel(params)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => {
      const head = p.split("=")[0].trim();
      if (head.startsWith("...")) {
        const rest = head.slice(3).trim();
        return /^[A-Za-z_$][\w$]*$/.test(rest) ? `...${rest}` : null;
      }
      return /^[A-Za-z_$][\w$]*$/.test(head) ? head : null;
    });
}

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
}

/**
 * Walks `text` from `start`, skipping quoted strings, and calls `visit` with each other character and the bracket
 * depth after it; stops at the first character for which `visit` returns true and gives its index (else the length).
 */
function scanOutsideQuotes(text: string, start: number, visit: (c: string, depth: number, i: number) => boolean): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    if (visit(c, depth, i)) return i;
  }
  return text.length;
}

function matchingParen(text: string, open: number): number {
  return scanOutsideQuotes(text, open, (c, depth) => depth === 0 && (c === ")" || c === "]" || c === "}"));
}

function splitTopLevel(params: string): string[] {
  const out: string[] = [];
  let start = 0;
  scanOutsideQuotes(params, 0, (c, depth, i) => {
    if (c === "," && depth === 0) {
      out.push(params.slice(start, i));
      start = i + 1;
    }
    return false;
  });
  out.push(params.slice(start));
  return out;
}

/** Maps call arguments to `{ paramName: value }`; unnamed parameters become `arg0`, `arg1`…; extra arguments `args`. */
export function argsToInputs(fn: AnyFunction, args: unknown[]): Record<string, unknown> {
  const names = paramNames(fn);
  const inputs: Record<string, unknown> = {};
  let i = 0;
  for (; i < names.length && i < args.length; i++) {
    const name = names[i];
    if (name?.startsWith("...")) {
      inputs[name.slice(3)] = args.slice(i);
      return inputs;
    }
    inputs[name ?? `arg${i}`] = args[i];
  }
  if (i < args.length) inputs.args = args.slice(i);
  return inputs;
}

const cache = new Map<string, RegExp>();

/**
 * SQL LIKE pattern (`%` any run, `_` one character, `\` escapes the next character, so `\%` is a literal percent
 * sign) as an anchored RegExp.
 */
export function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? "i" : "s"}:${pattern}`;
  let re = cache.get(key);
  if (!re) {
    let src = "";
    const chars = [...pattern];
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      if (ch === "\\" && i + 1 < chars.length) src += escapeRegExp(chars[++i]);
      else if (ch === "%") src += "[\\s\\S]*";
      else if (ch === "_") src += "[\\s\\S]";
      else src += escapeRegExp(ch);
    }
    re = new RegExp(`^${src}$`, caseInsensitive ? "i" : "");
    if (cache.size > 256) cache.clear();
    cache.set(key, re);
  }
  return re;
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

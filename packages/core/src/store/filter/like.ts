const cache = new Map<string, RegExp>();

/** SQL LIKE pattern (`%` any run, `_` one character) as an anchored RegExp. */
export function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? "i" : "s"}:${pattern}`;
  let re = cache.get(key);
  if (!re) {
    let src = "";
    for (const ch of pattern) {
      if (ch === "%") src += "[\\s\\S]*";
      else if (ch === "_") src += "[\\s\\S]";
      else src += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
    re = new RegExp(`^${src}$`, caseInsensitive ? "i" : "");
    if (cache.size > 256) cache.clear();
    cache.set(key, re);
  }
  return re;
}

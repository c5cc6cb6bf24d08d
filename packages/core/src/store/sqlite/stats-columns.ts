/**
 * Reading a column of many rows out of SQLite as ONE value: `group_concat` of numbers or `json_group_array` of
 * text, parsed here. Far cheaper than one JS row object per row (500,000 of them cost more than the query itself).
 */

/**
 * The numbers of a `group_concat(ifnull(x, ''))` over `n` rows, in row order; an empty entry (NULL) reads as
 * `missing`. Throws when the text does not hold exactly `n` entries (a value with a comma in it: never a number).
 */
export function numberColumn(text: string | null, n: number, missing: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 0) return out;
  const s = text ?? "";
  let pos = 0;
  for (let i = 0; i < n; i++) {
    let end = s.indexOf(",", pos);
    if (end < 0) end = s.length;
    out[i] = end === pos ? missing : parseNumber(s, pos, end);
    pos = end + 1;
  }
  if (pos !== s.length + 1) throw new Error(`stats: a column of ${n} rows had more values`);
  return out;
}

/** Token usage (and model) of each row, as {@link tokenColumns} reads them. */
export interface TokenColumns {
  input: Float64Array;
  output: Float64Array;
  total: Float64Array;
  /** Each row's model as an index into `names`; -1 for none. */
  model: Int32Array;
  names: string[];
}

/**
 * The `group_concat` of `input:output:total[:m<hex of the model>]` entries ('' for a row without usage or model; a
 * missing count is empty too, and reads 0). The model comes hex-encoded (UTF-8 bytes) so that no character of a
 * model name can be taken for a separator; the few distinct ones are decoded once.
 */
export function tokenColumns(text: string | null, n: number): TokenColumns {
  const out: TokenColumns = { input: new Float64Array(n), output: new Float64Array(n), total: new Float64Array(n), model: new Int32Array(n).fill(-1), names: [] };
  if (n === 0) return out;
  const models = new Map<string, number>();
  const s = text ?? "";
  let pos = 0;
  for (let r = 0; r < n; r++) {
    let end = s.indexOf(",", pos);
    if (end < 0) end = s.length;
    if (end > pos) {
      const c1 = s.indexOf(":", pos);
      const c2 = s.indexOf(":", c1 + 1);
      if (c1 < 0 || c2 < 0 || c2 > end) throw new Error("stats: a token entry without its three counts");
      let c3 = s.indexOf(":", c2 + 1);
      if (c3 < 0 || c3 > end) c3 = end;
      if (c1 > pos) out.input[r] = parseNumber(s, pos, c1);
      if (c2 > c1 + 1) out.output[r] = parseNumber(s, c1 + 1, c2);
      if (c3 > c2 + 1) out.total[r] = parseNumber(s, c2 + 1, c3);
      if (c3 + 1 < end) {
        const hex = s.slice(c3 + 1, end);
        let m = models.get(hex);
        if (m === undefined) {
          m = out.names.length;
          models.set(hex, m);
          out.names.push(Buffer.from(hex.slice(1), "hex").toString("utf8"));
        }
        out.model[r] = m;
      }
    }
    pos = end + 1;
  }
  if (pos !== s.length + 1) throw new Error(`stats: a column of ${n} rows had more values`);
  return out;
}

/** An integer by its digits (the common case), anything else (a REAL such as 1.5 or 1.0e+20) by Number. */
function parseNumber(s: string, start: number, end: number): number {
  let i = start;
  const negative = s.charCodeAt(i) === 45;
  if (negative) i++;
  let v = 0;
  for (; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number(s.slice(start, end));
    v = v * 10 + d;
  }
  // Past 2^53 the digit loop may round differently from Number: let Number read it.
  if (v > Number.MAX_SAFE_INTEGER) return Number(s.slice(start, end));
  return negative ? -v : v;
}

/** The values of a `json_group_array(x)` over `n` rows (text or null), each interned as an index into `values`. */
export function keyColumn(text: string | null, n: number): { keyOf: Int32Array; values: (string | null)[] } {
  const keyOf = new Int32Array(n);
  const values: (string | null)[] = [];
  if (n === 0) return { keyOf, values };
  const parsed = JSON.parse(text ?? "[]") as (string | number | null)[];
  if (parsed.length !== n) throw new Error(`stats: a column of ${n} rows had ${parsed.length} values`);
  const index = new Map<string | null, number>();
  for (let r = 0; r < n; r++) {
    const raw = parsed[r];
    const v = raw === null ? null : String(raw);
    let k = index.get(v);
    if (k === undefined) {
      k = values.length;
      index.set(v, k);
      values.push(v);
    }
    keyOf[r] = k;
  }
  return { keyOf, values };
}

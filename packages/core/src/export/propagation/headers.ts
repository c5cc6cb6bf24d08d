/** Headers as the usual HTTP stacks hold them: fetch `Headers`, Node's `IncomingHttpHeaders`, or a plain object. */
export type HeaderCarrier =
  | { get(name: string): string | null | undefined }
  | Record<string, string | string[] | number | undefined | null>;

function hasGet(h: HeaderCarrier): h is { get(name: string): string | null | undefined } {
  return typeof (h as { get?: unknown }).get === "function";
}

/** Reads one header, case-insensitively; the first value of a repeated header. */
export function readHeader(headers: HeaderCarrier | undefined | null, name: string): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  if (hasGet(headers)) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== lower) continue;
    const v = headers[key];
    if (Array.isArray(v)) return v[0];
    return v === undefined || v === null ? undefined : String(v);
  }
  return undefined;
}

/** Sets one header on a fetch `Headers` (or anything with `set`) or a plain object, replacing any casing of it. */
export function writeHeader<H extends object>(headers: H, name: string, value: string): H {
  const maybeSet = (headers as { set?: unknown }).set;
  if (typeof maybeSet === "function") {
    (maybeSet as (n: string, v: string) => void).call(headers, name, value);
    return headers;
  }
  const record = headers as Record<string, unknown>;
  for (const key of Object.keys(record)) if (key.toLowerCase() === name.toLowerCase() && key !== name) delete record[key];
  record[name] = value;
  return headers;
}

import type { SearchTracesOptions } from "./trace-store.js";

/** A search option the store cannot use (orderBy, page token, page size): the caller's mistake, not a bug. */
export class SearchOptionError extends TypeError {
  override readonly name = "SearchOptionError";

  constructor(
    /** Which option was wrong. */
    readonly option: "orderBy" | "pageToken" | "maxResults",
    message: string,
  ) {
    super(message);
  }
}

/** Columns traces can be ordered by. */
export type OrderField = "timestamp_ms" | "execution_time_ms" | "name" | "status" | "total_tokens" | "trace_id";

/** One parsed `orderBy` entry. */
export interface OrderClause {
  field: OrderField;
  descending: boolean;
}

const ORDER_ALIASES: Record<string, OrderField> = {
  timestamp: "timestamp_ms",
  timestamp_ms: "timestamp_ms",
  request_time: "timestamp_ms",
  execution_time: "execution_time_ms",
  execution_time_ms: "execution_time_ms",
  latency: "execution_time_ms",
  name: "name",
  status: "status",
  state: "status",
  tokens: "total_tokens",
  total_tokens: "total_tokens",
  trace_id: "trace_id",
};

/** Parses `["execution_time_ms DESC", "name"]`; the default is newest first. Throws a {@link SearchOptionError} on unknown fields. */
export function parseOrderBy(orderBy: string[] | undefined): OrderClause[] {
  if (!orderBy || orderBy.length === 0) return [{ field: "timestamp_ms", descending: true }];
  return orderBy.map((entry) => {
    const m = /^\s*(?:attributes\.)?([A-Za-z_]+)\s*(ASC|DESC)?\s*$/i.exec(entry);
    const field = m ? ORDER_ALIASES[m[1].toLowerCase()] : undefined;
    if (!m || !field) {
      throw new SearchOptionError(
        "orderBy",
        `Invalid orderBy "${entry}": use "<field> [ASC|DESC]" with field one of timestamp_ms, execution_time_ms, name, status, total_tokens`,
      );
    }
    return { field, descending: (m[2] ?? "ASC").toUpperCase() === "DESC" };
  });
}

/** Encodes a result offset as an opaque page token. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

/** Decodes a page token; throws a {@link SearchOptionError} for one this store did not issue. */
export function decodePageToken(token: string | undefined): number {
  if (!token) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset: unknown };
    if (typeof offset === "number" && Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw new SearchOptionError("pageToken", `Invalid page token "${token}": pass the nextPageToken of the previous page unchanged`);
}

/** Page size within bounds. */
export function pageSize(options: SearchTracesOptions): number {
  const n = options.maxResults ?? 100;
  if (!Number.isInteger(n) || n < 1) throw new SearchOptionError("maxResults", `maxResults must be a positive integer, got ${n}`);
  return Math.min(n, 10_000);
}

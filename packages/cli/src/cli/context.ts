import type { TraceStore } from "@traceloom/core";
import { loadPriceTable, type PriceTable } from "../pricing/price-table.js";
import { openStore, resolveTrackingUri, UserError } from "../store-access.js";
import type { CliIo } from "./io.js";

/** Options every command accepts. */
export interface GlobalOptions {
  trackingUri?: string;
  prices?: string;
  /** Seconds a search may run before it is stopped. */
  queryTimeout?: string;
}

/** What a command needs: where to write, the store, the prices. */
export interface CommandContext {
  io: CliIo;
  uri: string;
  prices: PriceTable;
  /** Searches stop after this long with "narrow it". */
  queryTimeoutMs: number;
}

/** How long a CLI or viewer search may run unless `--query-timeout` / `TRACELOOM_QUERY_TIMEOUT` says otherwise. */
export const DEFAULT_QUERY_TIMEOUT_S = 10;

/** Resolves the tracking URI and price table for a command. */
export function commandContext(io: CliIo, options: GlobalOptions): CommandContext {
  let prices: PriceTable;
  try {
    prices = loadPriceTable(options.prices, io.env);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const raw = options.queryTimeout ?? io.env.TRACELOOM_QUERY_TIMEOUT;
  const seconds = raw === undefined ? DEFAULT_QUERY_TIMEOUT_S : Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UserError(`--query-timeout must be a positive number of seconds, got "${raw}"`, 2);
  return { io, uri: resolveTrackingUri(options.trackingUri, io.env), prices, queryTimeoutMs: Math.round(seconds * 1000) };
}

/** Runs `fn` with the store open, and closes it afterwards. */
export function withStore<T>(ctx: CommandContext, fn: (store: TraceStore) => T, writable = false): T {
  const store = openStore(ctx.uri, { writable, queryTimeoutMs: ctx.queryTimeoutMs });
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** The trace ID format: `tr-` and 32 lowercase hex digits. */
export const TRACE_ID_PATTERN = /^tr-[0-9a-f]{32}$/;

/** Checks IDs given on the command line, naming the first malformed one. */
export function checkTraceIds(ids: string[]): void {
  const bad = ids.find((id) => !TRACE_ID_PATTERN.test(id));
  if (bad !== undefined) throw new UserError(`"${bad}" is not a valid trace ID (expected tr- followed by 32 hex digits, as \`traceloom traces list\` shows)`, 2);
}

/** Parses a positive integer option, or fails naming the option. */
export function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${name} must be a positive integer, got "${value}"`, 2);
  return n;
}

/** Parses a TCP port option (0 to 65535; 0 picks a free port), or fails naming the option. */
export function portNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n > 65535) throw new UserError(`${name} must be a port number from 0 to 65535, got "${value}"`, 2);
  return n;
}

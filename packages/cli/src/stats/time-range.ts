import { parseAge } from "@traceloom/core";
import { UserError } from "../store-access.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Bucket sizes an automatic bucket is chosen from: round numbers on a clock or calendar. */
const NICE_BUCKETS = [100, 250, 500, SECOND, 5 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY, 30 * DAY];

/** How many buckets an automatic bucket size aims at, at most. */
export const TARGET_BUCKETS = 60;

/** Most buckets a chosen bucket size may cut a range into. */
export const MAX_BUCKETS = 2000;

/**
 * A point in time given on the command line: an age back from `now` (`24h`, `30m`, `7d`), an ISO date or date-time
 * (`2026-12-01`, `2026-12-01T12:00:00Z`), or milliseconds since the epoch. Anything else is a bad-usage error
 * naming the option.
 */
export function parseTimePoint(option: string, value: string, now: number): number {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  } else {
    try {
      return now - parseAge(text);
    } catch {
      // reported below with the accepted forms
    }
  }
  throw new UserError(`${option} "${value}" is not a time: use an age (24h, 30m, 7d), an ISO date (2026-12-01T12:00:00Z) or epoch milliseconds`, 2);
}

/** A bucket size on the command line: a duration such as `1h`, `15m`, `30s`, `1d`. */
export function parseBucket(value: string): number {
  let ms: number;
  try {
    ms = parseAge(value);
  } catch {
    throw new UserError(`--bucket "${value}" is not a duration: use e.g. 30s, 15m, 1h or 1d`, 2);
  }
  if (ms < 1) throw new UserError(`--bucket must be longer than 0, got "${value}"`, 2);
  return ms;
}

/** The round bucket size that cuts `spanMs` into at most {@link TARGET_BUCKETS} buckets (100 ms at least). */
export function autoBucket(spanMs: number): number {
  return NICE_BUCKETS.find((b) => spanMs / b <= TARGET_BUCKETS) ?? NICE_BUCKETS[NICE_BUCKETS.length - 1];
}

/** Checks that a time range is in order and that `bucketMs` does not cut it into too many buckets. */
export function checkRange(fromMs: number | undefined, toMs: number | undefined, bucketMs: number | undefined, extent?: { fromMs: number; toMs: number }): void {
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) {
    throw new UserError(`The time range starts (${new Date(fromMs).toISOString()}) after it ends (${new Date(toMs).toISOString()})`, 2);
  }
  if (bucketMs === undefined) return;
  const start = fromMs ?? extent?.fromMs;
  const end = toMs ?? extent?.toMs;
  if (start === undefined || end === undefined) return;
  const buckets = Math.floor(end / bucketMs) - Math.floor(start / bucketMs) + 1;
  if (buckets > MAX_BUCKETS) throw new UserError(`A bucket of ${bucketMs} ms cuts the time range into ${buckets} buckets (at most ${MAX_BUCKETS}): choose a longer bucket or a shorter range`, 2);
}

/** Bounds on a store's size, applied after writes (see {@link SqliteTraceStore}). */
export interface RetentionLimits {
  /** Keep at most this many traces; the oldest go first. */
  maxTraces?: number;
  /** Keep the store's used pages below this many bytes (freed pages are reused; VACUUM shrinks the file). */
  maxBytes?: number;
}

function positive(name: string, raw: string | undefined, scale: number): number | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new TypeError(`${name} must be a positive number, got "${raw}"`);
  return Math.floor(n * scale);
}

/** The limits set by `TRACELOOM_MAX_TRACES` and `TRACELOOM_MAX_STORE_MB`, or undefined when neither is set. */
export function retentionFromEnv(env: NodeJS.ProcessEnv): RetentionLimits | undefined {
  const maxTraces = positive("TRACELOOM_MAX_TRACES", env.TRACELOOM_MAX_TRACES, 1);
  const maxBytes = positive("TRACELOOM_MAX_STORE_MB", env.TRACELOOM_MAX_STORE_MB, 2 ** 20);
  return maxTraces === undefined && maxBytes === undefined ? undefined : { maxTraces, maxBytes };
}

/** Parses an age such as `30d`, `12h`, `45m`, `90s` into milliseconds; throws a TypeError naming the input. */
export function parseAge(age: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(d|h|m|s)\s*$/i.exec(age);
  if (!m) throw new TypeError(`Invalid age "${age}": use a number and a unit, e.g. 30d, 12h, 45m or 90s`);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[m[2].toLowerCase() as "d" | "h" | "m" | "s"];
  return Math.round(Number(m[1]) * unit);
}

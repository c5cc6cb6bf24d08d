import { openTraceStore, parseTrackingUri, TraceStoreFileError, type TraceStore } from "@traceloom/core";

/** The store the CLI and viewer read when nothing else is given, as in the SDK. */
export const DEFAULT_STORE = "traceloom.db";

/**
 * A failure to report to the user as a clear message (no stack trace), with the process exit code; `position` is
 * the offending character of a search filter, when that was the problem.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly position?: number,
  ) {
    super(message);
  }
}

/** The tracking URI in force: the explicit one, else `TRACELOOM_TRACKING_URI`, `MLFLOW_TRACKING_URI`, the default. */
export function resolveTrackingUri(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? env.TRACELOOM_TRACKING_URI ?? env.MLFLOW_TRACKING_URI ?? DEFAULT_STORE;
}

/**
 * Opens the local store a tracking URI names. Read-only unless `writable` (only `traces delete` writes); a store
 * written by an older traceloom is upgraded first (opened once for writing). A missing file, a file that is not a
 * traceloom store, an in-memory or a remote URI become a {@link UserError} that says what to do.
 */
export function openStore(uri: string, options: { writable?: boolean; queryTimeoutMs?: number } = {}): TraceStore {
  let target;
  try {
    target = parseTrackingUri(uri);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  if (target.kind === "memory") {
    throw new UserError(`"${uri}" is an in-memory store that only the process that writes it can see; use a SQLite file path`);
  }
  if (target.kind === "remote") {
    throw new UserError(`"${uri}" is a remote tracking server; traceloom reads local stores only (a SQLite file path)`);
  }
  const open = () => openTraceStore(uri, { ...(options.writable ? { mustExist: true } : { readonly: true }), queryTimeoutMs: options.queryTimeoutMs });
  try {
    try {
      return open();
    } catch (err) {
      if (!(err instanceof TraceStoreFileError && err.reason === "needs-upgrade" && /older traceloom/.test(err.message))) throw err;
      openTraceStore(uri, { mustExist: true }).close();
      return open();
    }
  } catch (err) {
    if (err instanceof TraceStoreFileError) throw new UserError(err.message);
    const message = (err as Error).message;
    if (/no trace store|unable to open|does not exist/i.test(message)) {
      throw new UserError(
        `No trace store at ${target.path}. Run a traced program (or \`traceloom demo\`) first, or point TRACELOOM_TRACKING_URI / --tracking-uri at your store.`,
      );
    }
    throw new UserError(`Cannot open the trace store ${target.path}: ${message}`);
  }
}

/**
 * A file the store will not use: not a SQLite database, not a traceloom store, written by a newer traceloom, or an
 * older store opened read-only. The message names the file; the file is left exactly as it was.
 */
export class TraceStoreFileError extends Error {
  override readonly name = "TraceStoreFileError";

  constructor(
    /** The file concerned. */
    readonly path: string,
    /** Why: "not-sqlite", "foreign", "newer-schema" or "needs-upgrade" (an older schema opened read-only). */
    readonly reason: "not-sqlite" | "foreign" | "newer-schema" | "needs-upgrade",
    message: string,
  ) {
    super(message);
  }
}

/** A search stopped at its deadline (or because the viewer is shutting down). */
export class QueryTimeoutError extends Error {
  override readonly name = "QueryTimeoutError";

  constructor(
    /** The deadline that was exceeded, in ms; undefined when the query was cancelled. */
    readonly timeoutMs: number | undefined,
  ) {
    super(
      timeoutMs === undefined
        ? "The query was cancelled"
        : `The query took longer than ${timeoutMs} ms and was stopped; narrow it (a filter on status, name, timestamp_ms or tags, or one experiment)`,
    );
  }
}

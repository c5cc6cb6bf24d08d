import { CONTINUE_FN } from "../filter/to-sql.js";
import type { SqliteConnection } from "./connection.js";
import { QueryTimeoutError } from "./store-errors.js";

/**
 * Makes a statement interruptible: every search calls the SQL function `tl_continue()` as it visits rows, and that
 * function throws once the query's deadline has passed or `isCancelled()` says so, which aborts the statement at
 * once. (Neither SQLite binding exposes sqlite3_interrupt, and a worker thread inside a statement cannot be
 * terminated until the statement returns.)
 */
export class QueryDeadline {
  private deadline = Number.POSITIVE_INFINITY;
  private timeoutMs: number | undefined;
  private stopped: QueryTimeoutError | undefined;

  constructor(
    db: SqliteConnection,
    private readonly isCancelled: (() => boolean) | undefined,
  ) {
    db.function(CONTINUE_FN, () => {
      this.check();
      return 1;
    });
  }

  /** Runs `fn` with a deadline `timeoutMs` from now (none when undefined); a stop becomes a {@link QueryTimeoutError}. */
  run<T>(timeoutMs: number | undefined, fn: () => T): T {
    this.timeoutMs = timeoutMs;
    this.deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
    this.stopped = undefined;
    try {
      return fn();
    } catch (err) {
      throw this.stopped ?? err;
    } finally {
      this.deadline = Number.POSITIVE_INFINITY;
    }
  }

  /** Throws when the running query must stop; call it from JS loops between statements too. */
  check(): void {
    if (this.isCancelled?.()) this.stopped = new QueryTimeoutError(undefined);
    else if (Date.now() > this.deadline) this.stopped = new QueryTimeoutError(this.timeoutMs);
    if (this.stopped) throw this.stopped;
  }
}

import type { TraceInfoJSON } from "../../entities/trace-info.js";
import type { SqliteConnection } from "./connection.js";
import type { TraceRows } from "./trace-rows.js";
import { writeTransaction } from "./transaction.js";

/**
 * Replaces one stored trace's info by `change(info)` in one write transaction (read, change, write, with its
 * search terms kept in step); the spans are not touched. An unknown trace ID is an error.
 */
export function updateStoredInfo(db: SqliteConnection, rows: TraceRows, traceId: string, change: (info: TraceInfoJSON) => TraceInfoJSON): void {
  writeTransaction(db, () => {
    const pk = rows.pkOf(traceId);
    const before = pk === undefined ? undefined : rows.read(pk);
    if (pk === undefined || !before) throw new Error(`No trace with ID "${traceId}"`);
    rows.replaceInfo(pk, before, change(before.info));
  });
}

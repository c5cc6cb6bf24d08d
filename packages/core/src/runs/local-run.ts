import { RUN_RECORD_TAG } from "../entities/run-record.js";
import { RUN_KEY } from "../store/runs.js";
import type { TraceStore } from "../store/trace-store.js";

/** Traces re-tagged per search page. */
const PAGE = 1000;

/** The filter that finds one run's traces. */
export function runFilter(runId: string): string {
  return `metadata.\`${RUN_KEY}\` = '${runId.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * Writes a local run's final record (status, end time) onto every stored trace of the run, so whichever trace the
 * store reads the run from — its latest — tells how it ended.
 */
export function retagRunTraces(store: TraceStore, runId: string, encodedRecord: string): void {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = store.searchTraces({ filter: runFilter(runId), includeSpans: false, maxResults: PAGE, pageToken });
    for (const t of page.traces) ids.push(t.info.traceId);
    pageToken = page.nextPageToken;
  } while (pageToken);
  for (const id of ids) store.setTraceTag(id, RUN_RECORD_TAG, encodedRecord);
}

/** Trace number `i` of the generated corpus (MLflow trace JSON). */
export function corpusTrace(i: number): { info: Record<string, unknown>; data: { spans: unknown[] } };
/** Writes `count` corpus traces into a new store at `path`; returns the bytes of trace JSON written. */
export function buildCorpusStore(path: string, count: number, progress?: (done: number) => void): number;

import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildCorpusStore } from "../../bench/src/store/corpus.mjs";

/** A generated store of agent traces (bench/src/store/corpus.mjs) on tmpfs when there is one, and its cleanup. */
export interface CorpusStore {
  path: string;
  traces: number;
  jsonBytes: number;
  remove(): void;
}

/** Builds a store of `traces` corpus traces (5 spans each) in a fresh temporary folder. */
export function buildStore(traces: number): CorpusStore {
  const dir = mkdtempSync(join(process.platform === "linux" ? "/dev/shm" : process.env.TMPDIR ?? "/tmp", "traceloom-store-"));
  const path = join(dir, "traces.db");
  const jsonBytes = buildCorpusStore(path, traces);
  return { path, traces, jsonBytes, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

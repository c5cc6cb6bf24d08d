import { appendFileSync, mkdirSync } from "node:fs";
import { appendFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { TraceJSON } from "../../entities/trace.js";
import type { TraceSink } from "../trace-sink.js";

/** One JSONL line per trace: the MLflow trace JSON `{ info, data: { spans } }`, newline-terminated. */
export function toJsonLines(traces: TraceJSON[]): string {
  return traces.map((t) => JSON.stringify(t) + "\n").join("");
}

/**
 * Appends finished traces to a JSONL file, one trace per line — the "inference table" of request logs, ready for
 * `jq`, a log shipper or `mlflow.entities.Trace.from_json` line by line. Each batch is one append, so a line is
 * never split between batches; the file's folder is created if missing.
 */
export class JsonlSink implements TraceSink {
  readonly name: string;
  readonly path: string;
  private dirReady = false;

  constructor(path: string) {
    this.path = resolve(path);
    this.name = `jsonl:${this.path}`;
  }

  async export(traces: TraceJSON[]): Promise<void> {
    if (traces.length === 0) return;
    if (!this.dirReady) {
      await mkdir(dirname(this.path), { recursive: true });
      this.dirReady = true;
    }
    await appendFile(this.path, toJsonLines(traces), "utf8");
  }

  exportSync(traces: TraceJSON[]): void {
    if (traces.length === 0) return;
    if (!this.dirReady) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.dirReady = true;
    }
    appendFileSync(this.path, toJsonLines(traces), "utf8");
  }
}

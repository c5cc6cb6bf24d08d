import { MAX_TAG_VALUE_CHARS } from "./trace-info.js";

/** A run's state, as MLflow names it. */
export type RunStatus = "RUNNING" | "FINISHED" | "FAILED" | "KILLED";

/** The statuses a run can end with. */
export const END_STATUSES: readonly RunStatus[] = ["FINISHED", "FAILED", "KILLED"];

/**
 * What the local store knows of a run, carried by each of its traces in the {@link RUN_RECORD_TAG} tag (the store
 * keeps traces only; a run is the group of traces sharing `mlflow.sourceRun`). Rewritten on every trace of the run
 * when it ends.
 */
export interface RunRecord {
  name: string;
  status: RunStatus;
  /** ms since the epoch. */
  startTimeMs: number;
  endTimeMs?: number;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** The run it was started inside (MLflow's `mlflow.parentRunId`). */
  parentRunId?: string;
  /** Set when params or tags were left out to fit a tag value. */
  truncated?: true;
}

/** The trace tag holding a local run's {@link RunRecord} as JSON. */
export const RUN_RECORD_TAG = "traceloom.run";

/**
 * The record as JSON that fits a trace tag (MLflow keeps 4096 characters): params, then tags, are left out (and
 * `truncated` set) when the whole does not fit, so the name and status always survive.
 */
export function encodeRunRecord(record: RunRecord): string {
  const full = JSON.stringify(record);
  if (full.length <= MAX_TAG_VALUE_CHARS) return full;
  const noParams = JSON.stringify({ ...record, params: {}, truncated: true });
  if (noParams.length <= MAX_TAG_VALUE_CHARS) return noParams;
  return JSON.stringify({ ...record, name: record.name.slice(0, 1000), params: {}, tags: {}, truncated: true });
}

function stringRecord(v: unknown): Record<string, string> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}

/** The {@link RunRecord} in a tag value, or undefined when it is missing or not one (a hand-edited tag). */
export function decodeRunRecord(text: string | undefined): RunRecord | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== "object") return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r.name !== "string" || typeof r.startTimeMs !== "number") return undefined;
  const status = (["RUNNING", ...END_STATUSES] as unknown[]).includes(r.status) ? (r.status as RunStatus) : "RUNNING";
  const record: RunRecord = { name: r.name, status, startTimeMs: r.startTimeMs, params: stringRecord(r.params), tags: stringRecord(r.tags) };
  if (typeof r.endTimeMs === "number") record.endTimeMs = r.endTimeMs;
  if (typeof r.parentRunId === "string") record.parentRunId = r.parentRunId;
  if (r.truncated === true) record.truncated = true;
  return record;
}

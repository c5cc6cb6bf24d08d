import { basename } from "node:path";
import { userInfo } from "node:os";
import { msToRfc3339, nsToMs } from "../entities/clock.js";
import { SpanAttributeKey, type SpanJSON } from "../entities/span.js";
import {
  MAX_METADATA_VALUE_CHARS,
  MAX_TAG_VALUE_CHARS,
  TraceMetadataKey,
  TraceTagKey,
  type TraceInfoJSON,
} from "../entities/trace-info.js";
import { SpanStatusCode } from "../entities/span-status.js";
import { REMOTE_PARENT_METADATA_KEY } from "../store/merge.js";
import { base64ToHex } from "../entities/ids.js";
import type { CapturedValue } from "../serialize/capture.js";
import { sumTraceTokenUsage } from "./token-usage-sum.js";
import { cut, requestPreview, responsePreview } from "./previews.js";

/** Trace-level values set by the user while the trace runs (`updateCurrentTrace`). */
export interface TraceOverrides {
  tags: Record<string, string>;
  metadata: Record<string, string>;
  requestPreview?: string;
  responsePreview?: string;
  clientRequestId?: string;
}

/** Who and what produced this process's traces (`mlflow.user`, `mlflow.source.name`). */
export interface ProcessIdentity {
  user: string;
  sourceName: string;
}

/** The traced program and its user, as the main thread sees them. */
export function processIdentity(): ProcessIdentity {
  return { user: currentUser(), sourceName: sourceName() };
}

/**
 * Adopts another thread's identity: the store's writer thread builds trace info for the main thread's program, and
 * its own `process.argv[1]` is the writer's script.
 */
export function adoptProcessIdentity(identity: ProcessIdentity): void {
  processUser = identity.user;
  processSource = identity.sourceName;
}

let processUser: string | undefined;
function currentUser(): string {
  if (processUser === undefined) {
    try {
      processUser = userInfo().username;
    } catch {
      processUser = process.env.USER ?? "unknown";
    }
  }
  return processUser;
}

let processSource: string | undefined;
function sourceName(): string {
  processSource ??= process.argv[1] ? basename(process.argv[1]) : "node";
  return processSource;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/** Size of the trace's spans as MLflow reports it: total bytes and per-span percentiles. */
function sizeStats(spans: SpanJSON[], spanSizes?: () => number[]): { total: number; stats: Record<string, number> } {
  const sizes = (spanSizes ? spanSizes() : spans.map((s) => Buffer.byteLength(JSON.stringify(s)))).sort((a, b) => a - b);
  const total = sizes.reduce((a, b) => a + b, 0);
  return {
    total,
    stats: {
      total_size_bytes: total,
      num_spans: sizes.length,
      max: sizes[sizes.length - 1] ?? 0,
      p25: percentile(sizes, 25),
      p50: percentile(sizes, 50),
      p75: percentile(sizes, 75),
    },
  };
}

/** Builds the MLflow v3 TraceInfo of a finished trace from its spans. */
export function buildTraceInfo(args: {
  traceId: string;
  experimentId: string;
  root: SpanJSON | undefined;
  spans: SpanJSON[];
  overrides: TraceOverrides;
  /** The root's inputs and outputs as captured values, when it still held them (previews without parsing). */
  rootCaptured?: { inputs?: CapturedValue; outputs?: CapturedValue };
  /** The spans' JSON sizes in bytes, when their texts are made anyway (so they are not stringified twice). */
  spanSizes?: () => number[];
}): TraceInfoJSON {
  const { root, spans, overrides } = args;
  let startNs = root?.start_time_unix_nano ?? Number.POSITIVE_INFINITY;
  let endNs = root?.end_time_unix_nano ?? Number.NEGATIVE_INFINITY;
  if (!root) {
    for (const sp of spans) {
      startNs = Math.min(startNs, sp.start_time_unix_nano);
      endNs = Math.max(endNs, sp.end_time_unix_nano ?? sp.start_time_unix_nano);
    }
  }
  const inputs = root?.attributes[SpanAttributeKey.INPUTS];
  const outputs = root?.attributes[SpanAttributeKey.OUTPUTS];
  const { total, stats } = sizeStats(spans, args.spanSizes);
  const metadata: Record<string, string> = {
    [TraceMetadataKey.SCHEMA_VERSION]: "3",
    [TraceMetadataKey.INPUTS]: cut(inputs ?? "", MAX_METADATA_VALUE_CHARS),
    [TraceMetadataKey.OUTPUTS]: cut(outputs ?? "", MAX_METADATA_VALUE_CHARS),
    [TraceMetadataKey.SIZE_BYTES]: String(total),
    [TraceMetadataKey.SIZE_STATS]: JSON.stringify(stats),
    [TraceMetadataKey.USER]: currentUser(),
    [TraceMetadataKey.SOURCE_NAME]: sourceName(),
    [TraceMetadataKey.SOURCE_TYPE]: "LOCAL",
  };
  const usage = sumTraceTokenUsage(spans);
  if (usage) metadata[TraceMetadataKey.TOKEN_USAGE] = JSON.stringify(usage);
  for (const [k, v] of Object.entries(overrides.metadata)) metadata[k] = cut(v, MAX_METADATA_VALUE_CHARS);
  if (root && root.parent_span_id !== null) metadata[REMOTE_PARENT_METADATA_KEY] = base64ToHex(root.parent_span_id);

  const tags: Record<string, string> = {};
  if (root) tags[TraceTagKey.TRACE_NAME] = root.name;
  for (const [k, v] of Object.entries(overrides.tags)) tags[k] = cut(v, MAX_TAG_VALUE_CHARS);

  const failed = root ? root.status.code === SpanStatusCode.ERROR : spans.some((s) => s.status.code === SpanStatusCode.ERROR);
  const info: TraceInfoJSON = {
    trace_id: args.traceId,
    trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: args.experimentId } },
    request_time: msToRfc3339(nsToMs(startNs)),
    state: root ? (failed ? "ERROR" : "OK") : "IN_PROGRESS",
    trace_metadata: metadata,
    tags,
    request_preview: overrides.requestPreview ?? requestPreview(inputs, args.rootCaptured?.inputs),
    response_preview: overrides.responsePreview ?? responsePreview(outputs, args.rootCaptured?.outputs),
    execution_duration_ms: Math.round((endNs - startNs) / 1e6),
  };
  if (overrides.clientRequestId === undefined) return info;
  // Keep MLflow's field order: client_request_id right after trace_id.
  const { trace_id, ...rest } = info;
  return { trace_id, client_request_id: overrides.clientRequestId, ...rest };
}

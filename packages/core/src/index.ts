/**
 * @traceloom/core — tracing for TypeScript AI agents, in the MLflow trace schema v3, stored locally in SQLite.
 * @packageDocumentation
 */
export { SpanType, type SpanTypeName } from "./entities/span-type.js";
export { SpanStatusCode, type SpanStatus, type SpanStatusCodeName } from "./entities/span-status.js";
export type { SpanEvent, EventAttributeValue } from "./entities/span-event.js";
export { Span, SpanAttributeKey, type SpanJSON } from "./entities/span.js";
export {
  TraceInfo,
  TraceMetadataKey,
  TraceTagKey,
  type TraceInfoJSON,
  type TraceLocation,
  type TraceState,
} from "./entities/trace-info.js";
export { Trace, type TraceJSON } from "./entities/trace.js";
export {
  assessmentValue,
  isFeedback,
  type AssessmentJSON,
  type AssessmentSourceJSON,
  type AssessmentSourceType,
  type AssessmentErrorJSON,
  type AssessmentValue,
} from "./entities/assessment.js";
export { logFeedback, logExpectation, updateAssessment, deleteAssessment, type UpdateAssessmentOptions } from "./api/assessments.js";
export {
  newFeedback,
  newExpectation,
  updatedAssessment,
  type AssessmentChanges,
  type AssessmentSource,
  type LogFeedbackOptions,
  type LogExpectationOptions,
} from "./api/assessment-build.js";
export { addTokenUsage, normalizeTokenUsage, type TokenUsage } from "./entities/token-usage.js";
export { sumTraceTokenUsage, usageCountingSpans } from "./tracer/token-usage-sum.js";
export { nowNs } from "./entities/clock.js";
export { hexToBase64, base64ToHex, mlflowTraceId, otelTraceIdOf } from "./entities/ids.js";

export { LiveSpan, type EndSpanOptions } from "./tracer/live-span.js";
export type { SpanOptions, ParentIds } from "./tracer/tracer.js";
export { trace, type TraceOptions } from "./api/trace.js";
export { withSpan, startSpan } from "./api/with-span.js";
export { getCurrentSpan, updateCurrentTrace, updateTraceOf, getLastTraceId, type TraceUpdate, type TraceUpdateOptions } from "./api/current.js";
export { startRun, withRun, getActiveRun, type StartRunOptions } from "./runs/run-api.js";
export { Run, type EndRunOptions } from "./runs/run.js";
export { linkRunsOnServer, LOCAL_RUN_ID_TAG, type RunServerTarget } from "./runs/push-runs.js";
export type { RunRecord, RunStatus } from "./entities/run-record.js";

export {
  TraceClient,
  type StartTraceOptions,
  type ClientStartSpanOptions,
  type ClientEndOptions,
} from "./client/trace-client.js";

export { configure, flush, shutdown, exportStats, getRuntime, registerRemoteSinkFactory, type RemoteSinkFactory } from "./runtime.js";
export type { TraceloomConfig, ResolvedConfig, RedactContext } from "./config.js";

export type {
  TraceStore,
  SearchTracesOptions,
  SearchTracesResult,
  CountTracesOptions,
  DeleteTracesOptions,
  Experiment,
} from "./store/trace-store.js";
export type { ListSessionsOptions, SessionSummary } from "./store/sessions.js";
export { RUN_KEY, type ListRunsOptions, type RunSummary, type RunTraceCounts } from "./store/runs.js";
export { SqliteTraceStore, type SqliteStoreOptions } from "./store/sqlite-store.js";
export type { StoreUpgradeEvent } from "./store/sqlite/upgrade-notice.js";
export { QueryTimeoutError, TraceStoreFileError } from "./store/sqlite/store-errors.js";
export { parseAge, retentionFromEnv, type RetentionLimits } from "./store/sqlite/retention.js";
export { MemoryTraceStore } from "./store/memory-store.js";
export {
  StatsOptionError,
  type LatencyStats,
  type ModelTokens,
  type StatsBucket,
  type StatsGroup,
  type TraceStats,
  type TraceStatsOptions,
} from "./store/stats/stats-types.js";
export { modelOfSpanJson } from "./store/span-model.js";
export { openTraceStore } from "./store/open-store.js";
export { parseTrackingUri, type TrackingTarget } from "./store/tracking-uri.js";
export { FilterSyntaxError } from "./store/filter/errors.js";
export { SearchOptionError } from "./store/search-options.js";
export { parseFilter } from "./store/filter/parser.js";

export type { TraceSink, ExportOutcome, FailedTrace } from "./export/trace-sink.js";
export type { PendingTrace, SinkQueue } from "./export/export-queue.js";
export type { QueueOptions, QueueStats } from "./export/batch-queue.js";
export { OtlpSink, type OtlpSinkOptions } from "./export/otlp/otlp-sink.js";
export { JsonlSink } from "./export/jsonl/jsonl-sink.js";
export { createMlflowSink, MlflowSink, type MlflowSinkOptions } from "./export/mlflow/mlflow-sink.js";
export { sinksFromEnv } from "./export/env-sinks.js";
export { injectTraceparent, extractTraceparent, withIncomingRequest } from "./export/propagation/propagate.js";
export { formatTraceparent, parseTraceparent, type RemoteParent } from "./export/propagation/traceparent.js";
export type { HeaderCarrier } from "./export/propagation/headers.js";

export { encodeJson } from "./serialize/encode.js";
export { formatTrace, type FormatTraceOptions } from "./format/format-trace.js";
export { terminalSafe, terminalSafeJson } from "./format/terminal-safe.js";
export { logOnce } from "./log.js";
export {
  runWithActiveSpan as withActiveSpan,
  runLeafWithActiveSpan as withActiveLeafSpan,
  registerActiveSpanSource,
  type ActiveSpanSource,
} from "./context/active.js";
export { isCoveredByFramework, markCoveredByFramework } from "./context/framework-coverage.js";
export { settle as endSpanWhenSettled, type SettleOptions } from "./api/settle.js";
export { type AutologOptions, resolveAutologOptions } from "./autolog/options.js";
export { describeException } from "./tracer/live-span.js";

// Plugin support: how autolog plugins find the copy of a framework the application uses (ES module copies under
// plain node and tsx alike). Not needed by applications.
export { callerFileOf } from "./autolog/caller-file.js";
export { warnIfNothingPatched, type NothingPatchedCheck } from "./autolog/nothing-patched.js";
export {
  esmCopiesOf,
  hookSdkRequires,
  loadedCommonJsCopiesOf,
  type EsmCopies,
  type PluginWarn,
  type SdkModuleSpec,
} from "./autolog/sdk-copies.js";
export {
  applySdkAutolog,
  countSdkCopy,
  sdkAutologRecords,
  sdkAutologState,
  type SdkAutologRun,
  type SdkAutologState,
} from "./autolog/sdk-autolog.js";
export { requireEsmNatively } from "./autolog/require-esm.js";
export { resolveEsmEntry, resolvePackageRoot } from "./autolog/resolve-esm-entry.js";
export {
  applicationEsmEntries,
  applicationResolutionBases,
  importApplicationModule,
  isEsModuleProgram,
} from "./autolog/application-esm.js";
export { addRequireListener, removeRequireListener, type RequireListener } from "./autolog/require-hook.js";
export { esModuleIfLoaded } from "./autolog/loaded-esm.js";
export { watchEsModuleLoads, type EsModuleListener } from "./autolog/esm-load-hook.js";
export { esmEntriesInDependencyGraph, type GraphEntries } from "./autolog/dependency-graph.js";

// Plugin support for Stainless-generated SDKs (openai, @anthropic-ai/sdk): APIPromise, Stream and method patching.
export * from "./stainless/index.js";

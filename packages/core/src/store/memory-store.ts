import type { AssessmentJSON } from "../entities/assessment.js";
import { withAssessment, withoutAssessment } from "./assessment-edits.js";
import { Trace, type TraceJSON } from "../entities/trace.js";
import { matchesFilter, type SearchableTrace } from "./filter/evaluate.js";
import type { ParsedFilter } from "./filter/ast.js";
import { parseFilter } from "./filter/parser.js";
import { mergeTraces } from "./merge.js";
import { decodePageToken, encodePageToken, pageSize, parseOrderBy, type OrderClause } from "./search-options.js";
import { spanFacts, traceFields } from "./trace-facts.js";
import { traceWords } from "./text-words.js";
import { SpanValues } from "./span-values.js";
import {
  DEFAULT_EXPERIMENT,
  type CountTracesOptions,
  type DeleteTracesOptions,
  type Experiment,
  type SearchTracesOptions,
  type SearchTracesResult,
  type TraceStore,
} from "./trace-store.js";
import { TraceMetadataKey } from "../entities/trace-info.js";
import { listRunsOf } from "./memory-runs.js";
import type { RunRecord } from "../entities/run-record.js";
import { invalidRunRecord, type ListRunsOptions, type RunSummary } from "./runs.js";
import { computeStats } from "./stats/memory-stats.js";
import { parseGrouping, statsLimits, type TraceStats, type TraceStatsOptions } from "./stats/stats-types.js";
import { SESSION_KEY, sessionLimit, USER_KEY, type ListSessionsOptions, type SessionSummary } from "./sessions.js";

interface Entry {
  json: TraceJSON;
  /** Storage order: ties in a search go by it, as in the SQLite store (a merged trace is stored anew). */
  seq: number;
  searchable: SearchableTrace;
}

/** A {@link TraceStore} in process memory (`memory:`), for tests and short scripts. Same search semantics as SQLite. */
export class MemoryTraceStore implements TraceStore {
  private readonly traces = new Map<string, Entry>();
  private readonly runs = new Map<string, RunRecord>();
  private readonly experiments: Experiment[] = [
    { experimentId: DEFAULT_EXPERIMENT.experimentId, name: DEFAULT_EXPERIMENT.name, creationTimeMs: Date.now() },
  ];

  private stored = 0;

  constructor(readonly uri = "memory:") {}

  writeTraces(traces: TraceJSON[]): void {
    for (const incoming of traces) {
      const json = structuredClone(incoming);
      const existing = this.traces.get(json.info.trace_id);
      this.put(existing ? mergeTraces(existing.json, json) : json);
    }
  }

  private put(json: TraceJSON, seq = ++this.stored): void {
    const values = new SpanValues();
    const searchable = { fields: traceFields(json), tags: json.info.tags, metadata: json.info.trace_metadata, spans: spanFacts(json, values), words: traceWords(json, values) };
    this.traces.set(json.info.trace_id, { json, seq, searchable });
  }

  getTrace(traceId: string): Trace | undefined {
    const e = this.traces.get(traceId);
    return e ? Trace.fromJSON(structuredClone(e.json)) : undefined;
  }

  searchTraces(options: SearchTracesOptions = {}): SearchTracesResult {
    const filter = parseFilter(options.filter);
    const order = parseOrderBy(options.orderBy);
    const size = pageSize(options);
    const offset = decodePageToken(options.pageToken);
    const matches = this.matching(options, filter);
    matches.sort((a, b) => compareEntries(a, b, order));
    const page = matches.slice(offset, offset + size);
    const includeSpans = options.includeSpans ?? true;
    return {
      traces: page.map((e) => {
        const json = structuredClone(e.json);
        return Trace.fromJSON(includeSpans ? json : { info: json.info, data: { spans: [] } });
      }),
      nextPageToken: offset + size < matches.length ? encodePageToken(offset + size) : undefined,
    };
  }

  countTraces(options: CountTracesOptions = {}): number {
    return this.matching(options, parseFilter(options.filter)).length;
  }

  traceStats(options: TraceStatsOptions = {}): TraceStats {
    const grouping = parseGrouping(options.groupBy);
    const { maxGroups, bucketMs } = statsLimits(options);
    const from = options.startTimeMs ?? Number.NEGATIVE_INFINITY;
    const to = options.endTimeMs ?? Number.POSITIVE_INFINITY;
    const traces = this.matching(options, parseFilter(options.filter))
      .map((e) => e.searchable)
      .filter((t) => (t.fields.timestamp_ms as number) >= from && (t.fields.timestamp_ms as number) < to);
    return computeStats(traces, grouping, maxGroups, bucketMs);
  }

  private matching(options: CountTracesOptions, filter: ParsedFilter): Entry[] {
    const experiments = options.experimentIds ? new Set(options.experimentIds) : undefined;
    return [...this.traces.values()].filter(
      (e) =>
        (!experiments || experiments.has(e.json.info.trace_location.mlflow_experiment.experiment_id)) &&
        matchesFilter(e.searchable, filter),
    );
  }

  deleteTraces(options: DeleteTracesOptions): number {
    let candidates = [...this.traces.values()].filter((e) => {
      const info = e.json.info;
      if (options.traceIds && !options.traceIds.includes(info.trace_id)) return false;
      if (options.experimentId !== undefined && info.trace_location.mlflow_experiment.experiment_id !== options.experimentId) return false;
      if (options.maxTimestampMs !== undefined && Date.parse(info.request_time) > options.maxTimestampMs) return false;
      return true;
    });
    if (options.maxTraces !== undefined) {
      candidates = candidates
        .sort((a, b) => Number(a.searchable.fields.timestamp_ms) - Number(b.searchable.fields.timestamp_ms))
        .slice(0, options.maxTraces);
    }
    for (const e of candidates) this.traces.delete(e.json.info.trace_id);
    return candidates.length;
  }

  setTraceTag(traceId: string, key: string, value: string): void {
    const e = this.requireTrace(traceId);
    e.json.info.tags[key] = value;
    this.put(e.json, e.seq);
  }

  deleteTraceTag(traceId: string, key: string): void {
    const e = this.requireTrace(traceId);
    delete e.json.info.tags[key];
    this.put(e.json, e.seq);
  }

  saveAssessment(traceId: string, assessment: AssessmentJSON): void {
    const e = this.requireTrace(traceId);
    this.put({ ...e.json, info: withAssessment(e.json.info, structuredClone(assessment)) }, e.seq);
  }

  deleteAssessment(traceId: string, assessmentId: string): void {
    const e = this.requireTrace(traceId);
    this.put({ ...e.json, info: withoutAssessment(e.json.info, assessmentId) }, e.seq);
  }

  private requireTrace(traceId: string): Entry {
    const e = this.traces.get(traceId);
    if (!e) throw new Error(`No trace with ID "${traceId}"`);
    return e;
  }

  getOrCreateExperiment(name: string): string {
    const found = this.experiments.find((x) => x.name === name);
    if (found) return found.experimentId;
    const id = String(Math.max(...this.experiments.map((x) => Number(x.experimentId))) + 1);
    this.experiments.push({ experimentId: id, name, creationTimeMs: Date.now() });
    return id;
  }

  listSessions(options: ListSessionsOptions = {}): SessionSummary[] {
    const limit = sessionLimit(options);
    const experiments = options.experimentIds ? new Set(options.experimentIds) : undefined;
    const groups = new Map<string, { summary: SessionSummary; lastSeq: number }>();
    for (const { json, seq } of this.traces.values()) {
      const info = json.info;
      const session = info.trace_metadata[SESSION_KEY];
      if (session === undefined || (experiments && !experiments.has(info.trace_location.mlflow_experiment.experiment_id))) continue;
      const at = Date.parse(info.request_time);
      const tokens = Number(JSON.parse(info.trace_metadata[TraceMetadataKey.TOKEN_USAGE] ?? "{}").total_tokens ?? 0);
      const g = groups.get(session);
      if (!g) {
        const summary = { sessionId: session, user: null, traceCount: 0, errorCount: 0, firstTimestampMs: at, lastTimestampMs: at, totalTokens: 0 };
        groups.set(session, { summary, lastSeq: -1 });
      }
      const group = groups.get(session) as { summary: SessionSummary; lastSeq: number };
      const s = group.summary;
      s.traceCount++;
      if (info.state === "ERROR") s.errorCount++;
      s.firstTimestampMs = Math.min(s.firstTimestampMs, at);
      s.lastTimestampMs = Math.max(s.lastTimestampMs, at);
      s.totalTokens += tokens;
      if (seq > group.lastSeq) {
        group.lastSeq = seq;
        s.user = info.trace_metadata[USER_KEY] ?? null;
      }
    }
    return [...groups.values()]
      .map((g) => g.summary)
      .sort((a, b) => b.lastTimestampMs - a.lastTimestampMs || (a.sessionId < b.sessionId ? -1 : 1))
      .slice(0, limit);
  }

  saveRun(run: RunRecord): void {
    const invalid = invalidRunRecord(run);
    if (invalid) throw new TypeError(invalid);
    this.runs.set(run.runId, structuredClone(run));
  }

  getRun(runId: string): RunRecord | undefined {
    const run = this.runs.get(runId);
    return run && structuredClone(run);
  }

  listRuns(options: ListRunsOptions = {}): RunSummary[] {
    return listRunsOf(this.runs.values(), [...this.traces.values()].map((e) => e.json.info), options);
  }

  listExperiments(): Experiment[] {
    return this.experiments.map((x) => ({
      ...x,
      traceCount: [...this.traces.values()].filter((e) => e.json.info.trace_location.mlflow_experiment.experiment_id === x.experimentId).length,
    }));
  }

  close(): void {
    this.traces.clear();
    this.runs.clear();
  }
}

function compareEntries(a: Entry, b: Entry, order: OrderClause[]): number {
  for (const { field, descending } of order) {
    const c = compareValues(a.searchable.fields[field], b.searchable.fields[field]);
    if (c !== 0) return descending ? -c : c;
  }
  return order[order.length - 1].descending ? b.seq - a.seq : a.seq - b.seq;
}

/** NULL sorts first, as in SQLite. */
function compareValues(x: string | number | null, y: string | number | null): number {
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  return x < y ? -1 : 1;
}

import { getCurrentSpan, startSpan, type LiveSpan, type SpanTypeName } from "@traceloom/core";
import { warnOnce } from "../log.js";
import { linkRunSession } from "./run-session.js";
import { claimStreamRoot } from "./stream-root.js";
import { startsUnderStoppedStream } from "./watched-stream.js";
import { pluginState, type RunEntry } from "../state.js";

/** Runs kept in flight at most; past it (runs never ended) new runs are not traced. */
const MAX_OPEN_RUNS = 100_000;

/** What a run's span is created with. */
export interface RunStart {
  runId: string;
  parentRunId?: string;
  name: string;
  spanType: SpanTypeName;
  inputs: unknown;
  attributes?: Record<string, unknown>;
}

/**
 * The span a new run nests under: its parent run's span (or, through a hidden run, the span that one nests under).
 * `undefined` for a root run — or a parent this process never saw — so it nests under the caller's active span.
 */
function parentSpanOf(parentRunId: string | undefined): LiveSpan | undefined {
  const parent = parentRunId ? pluginState().runs.get(parentRunId) : undefined;
  return parent?.span ?? parent?.parent;
}

function register(runId: string, entry: RunEntry): boolean {
  const runs = pluginState().runs;
  if (runs.has(runId)) return false;
  if (runs.size >= MAX_OPEN_RUNS) {
    warnOnce("langchain.too-many-runs", `more than ${MAX_OPEN_RUNS} LangChain runs are open (never ended?); new runs are not traced`);
    return false;
  }
  runs.set(runId, entry);
  claimStreamRoot(runId);
  return true;
}

/** Starts a span for a run. A run already traced (by another handler instance) is left alone. */
export function startRun(start: RunStart): void {
  if (pluginState().runs.has(start.runId) || startsUnderStoppedStream(start.runId, start.parentRunId)) return;
  const parent = parentSpanOf(start.parentRunId);
  const span = startSpan({ name: start.name, spanType: start.spanType, inputs: start.inputs, attributes: start.attributes, parent });
  if (!register(start.runId, { span, parentRunId: start.parentRunId, streamedTokens: 0, streamedText: [] })) span.end();
  else linkRunSession(span, start.attributes?.metadata);
}

/** Records a run that is not shown (LangChain's `langsmith:hidden` plumbing): its children attach to its parent. */
export function skipRun(runId: string, parentRunId: string | undefined): void {
  if (startsUnderStoppedStream(runId, parentRunId)) return;
  register(runId, { parent: parentSpanOf(parentRunId) ?? getCurrentSpan(), parentRunId, streamedTokens: 0, streamedText: [] });
}

/** The in-flight entry of a run, if traced. */
export function runEntry(runId: string): RunEntry | undefined {
  return pluginState().runs.get(runId);
}

/** The span of a run in flight, if traced. */
export function runSpan(runId: string | undefined): LiveSpan | undefined {
  return runId ? pluginState().runs.get(runId)?.span : undefined;
}

/** Ends a run: `finish` records the outcome on its span first. Unknown or already-ended runs are ignored. */
export function endRun(runId: string, finish: (span: LiveSpan, entry: RunEntry) => void): void {
  const runs = pluginState().runs;
  const entry = runs.get(runId);
  if (!entry) return;
  runs.delete(runId);
  const span = entry.span;
  if (!span) return;
  try {
    finish(span, entry);
  } catch (err) {
    warnOnce("langchain.end-run", "could not record a LangChain run's outcome", err);
  }
  span.end();
}

/** Ends a run as failed: an `exception` event and status ERROR. */
export function failRun(runId: string, error: unknown): void {
  endRun(runId, (span) => span.recordException(error));
}

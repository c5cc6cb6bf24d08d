import { getCurrentSpan, startSpan, SpanStatusCode, updateTraceOf, type LiveSpan } from "@traceloom/core";
import { endShape, type EndShape } from "./convert/span-end.js";
import { startShape } from "./convert/span-start.js";
import { getAutologState, isRecording, type MirroredSpan } from "./state.js";
import type { SdkSpan, SdkTrace } from "./sdk-types.js";

/** SDK spans whose mirror is being created (its parent lookup must not find the span itself). */
const creating = new Set<string>();

/** Kinds above the model calls that show the conversation they ran: the run, its agents and their turns. */
const CONVERSATION_KINDS = new Set(["task", "agent", "turn"]);

/** The SDK's placeholder ID of spans and traces it does not record (tracing disabled). */
const NOOP_ID = "no-op";

/** True while looking up the span outside the SDK's work, which the SDK's own current span must not answer. */
let lookingOutside = false;

/** Whether the current-span source should stay quiet (see {@link outerParent}). */
export function isLookingOutside(): boolean {
  return lookingOutside;
}

/**
 * The traceloom span a root SDK span nests under: the span active where the run started (`trace()`,
 * `withSpan()`), else none — never one of the SDK's own spans, whose context object the SDK updates in place
 * (by the time the processor hears of the run, it may already name the run's first turn).
 */
function outerParent(): LiveSpan | undefined {
  lookingOutside = true;
  try {
    return getCurrentSpan();
  } finally {
    lookingOutside = false;
  }
}

/** The SDK span object with `spanId` among the spans the SDK entered before `from` (its ancestors among them). */
function earlierSpan(from: SdkSpan | undefined, spanId: string): SdkSpan | undefined {
  let node = from;
  for (let depth = 0; node && depth < 100; depth++, node = node.previousSpan) if (node.spanId === spanId) return node;
  return undefined;
}

/** The mirror of `sdkSpan`'s parent, mirroring the parent first when work inside the child asked before the processor heard of it. */
function parentMirror(sdkSpan: SdkSpan): MirroredSpan | undefined {
  if (!sdkSpan.parentId) return undefined;
  const known = getAutologState().spans.get(sdkSpan.parentId);
  if (known) return known;
  const parent = earlierSpan(sdkSpan.previousSpan, sdkSpan.parentId);
  return parent ? ensureMirror(parent) : undefined;
}

/**
 * Notes the SDK trace on the traceloom trace a run's top span is in: its ID, and its `groupId` (the conversation)
 * as the MLflow session — unless the user set one (`updateCurrentTrace`, or an enclosing framework).
 */
function noteSdkTrace(span: LiveSpan, trace: { groupId?: string }, sdkTraceId: string): void {
  updateTraceOf(span, { session: trace.groupId, metadata: { "openai_agents.trace_id": sdkTraceId } }, { keepExisting: true });
}

/**
 * The mirror of `sdkSpan`, created on first sight: when the processor hears of its start, or earlier, when work
 * inside it asks for the current span (the SDK tells processors one after another, a few microtasks late).
 * Only spans of traces the processor was told about are mirrored.
 */
export function ensureMirror(sdkSpan: SdkSpan): MirroredSpan | undefined {
  const state = getAutologState();
  const existing = state.spans.get(sdkSpan.spanId);
  if (existing || !isRecording()) return existing;
  if (sdkSpan.spanId === NOOP_ID || creating.has(sdkSpan.spanId)) return undefined;
  const trace = state.traces.get(sdkSpan.traceId);
  if (!trace) return undefined;
  creating.add(sdkSpan.spanId);
  try {
    const parent = parentMirror(sdkSpan);
    const shape = startShape(sdkSpan.spanData);
    const parentSpan = parent?.span ?? outerParent();
    // A run's top span is named after the SDK trace: withTrace("Support chat", …) names the run.
    const name = !parent && sdkSpan.spanData.type === "task" && trace.name ? trace.name : shape.name;
    const span = startSpan({
      name,
      spanType: shape.spanType,
      attributes: shape.attributes,
      parent: parentSpan ?? null,
    });
    if (!parent) noteSdkTrace(span, trace, sdkSpan.traceId);
    const mirrored: MirroredSpan = { span, kind: sdkSpan.spanData.type, sdkTraceId: sdkSpan.traceId, parent };
    state.spans.set(sdkSpan.spanId, mirrored);
    return mirrored;
  } finally {
    creating.delete(sdkSpan.spanId);
  }
}

/** Shows a model call's conversation on the spans above it: the first input each saw, and the latest output. */
function shareConversation(from: MirroredSpan, shape: EndShape): void {
  for (let node = from.parent; node; node = node.parent) {
    if (!CONVERSATION_KINDS.has(node.kind)) continue;
    if (!node.sawInput && shape.modelInput !== undefined) {
      node.sawInput = true;
      node.span.setInputs({ input: shape.modelInput });
    }
    if (shape.modelOutput) node.span.setOutputs({ output: shape.modelOutput });
  }
}

/** `Error: 500 …` / `InputGuardrailTripwireTriggered: …` → the error's type and message. */
function describeSdkError(error: { message: string; data?: Record<string, unknown> }): { type: string; message: string } {
  const detail = typeof error.data?.error === "string" ? error.data.error : undefined;
  const match = detail ? /^([A-Za-z_$][\w$]*): ([\s\S]*)$/.exec(detail) : null;
  if (match) return { type: match[1], message: match[2] };
  return { type: "AgentsSDKError", message: detail ?? error.message };
}

function recordError(span: LiveSpan, error: { message: string; data?: Record<string, unknown> }): void {
  const { type, message } = describeSdkError(error);
  span.addEvent("exception", { "exception.type": type, "exception.message": message, "openai_agents.error": error.message });
  span.setStatus(SpanStatusCode.ERROR, `${type}: ${message}`);
}

/**
 * A model call that ended with no response and no error was stopped (the caller left a streamed run early):
 * the call and every span of the run still open are marked `cancelled`.
 */
function wasStopped(sdkSpan: SdkSpan): boolean {
  const data = sdkSpan.spanData;
  if (sdkSpan.error) return false;
  if (data.type === "response") return data._response === undefined && data.response_id === undefined;
  if (data.type === "generation") return data.output === undefined;
  return false;
}

/** Records what the SDK filled in at the end of `sdkSpan` and ends its mirror. */
export function endMirror(sdkSpan: SdkSpan): void {
  const state = getAutologState();
  const mirrored = state.spans.get(sdkSpan.spanId);
  if (!mirrored) return;
  state.spans.delete(sdkSpan.spanId);
  const { span } = mirrored;
  const shape = endShape(sdkSpan.spanData);
  if (shape.name) span.setName(shape.name);
  if (shape.inputs !== undefined) span.setInputs(shape.inputs);
  if (shape.outputs !== undefined) span.setOutputs(shape.outputs);
  span.setAttributes(shape.attributes);
  if (shape.usage) span.setTokenUsage(shape.usage);
  shareConversation(mirrored, shape);
  const trace = state.traces.get(sdkSpan.traceId);
  if (sdkSpan.error) recordError(span, sdkSpan.error);
  else if (wasStopped(sdkSpan) || (trace?.cancelled && CONVERSATION_KINDS.has(mirrored.kind))) {
    if (trace) trace.cancelled = true;
    span.addEvent("cancelled", { reason: "the run was stopped before its end" });
  }
  span.end();
  if (!mirrored.parent) forgetTraceIfDone(sdkSpan.traceId);
}

/** Drops what is kept of an SDK trace once none of its spans is open (the SDK does not always report its end). */
function forgetTraceIfDone(sdkTraceId: string): void {
  const state = getAutologState();
  for (const mirrored of state.spans.values()) if (mirrored.sdkTraceId === sdkTraceId) return;
  state.traces.delete(sdkTraceId);
}

/** The processor heard of an SDK trace: its spans may be mirrored from now on. */
export function traceStarted(trace: SdkTrace): void {
  if (!isRecording() || trace.traceId === NOOP_ID) return;
  getAutologState().traces.set(trace.traceId, { name: trace.name, groupId: trace.groupId ?? undefined });
}

/** The SDK trace ended: forget it once its spans are closed. */
export function traceEnded(trace: SdkTrace): void {
  forgetTraceIfDone(trace.traceId);
}

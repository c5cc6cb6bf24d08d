import { SpanType, getCurrentSpan, withActiveSpan, type LiveSpan } from "@traceloom/core";
import { pluginState } from "../runtime/state.js";
import { runTracedCall, startCallSpan, type CallSpec } from "../runtime/traced-call.js";
import { wrapMethod, type Unpatch } from "../runtime/wrap-method.js";
import { instrumentLLMInstance } from "./llm.js";
import { markToolSpan } from "./tool-spans.js";
import { warnOnce } from "../runtime/log.js";

interface AgentWorkflowLike {
  rootAgentName?: string;
  agents?: Map<string, { llm?: unknown; name?: string }>;
}

interface ToolCallLike {
  toolName?: string;
  toolKwargs?: unknown;
  toolId?: string;
  agentName?: string;
}

function agentNamesOf(self: AgentWorkflowLike): string[] {
  return self.agents instanceof Map ? [...self.agents.keys()] : [];
}

function instrumentAgentModels(self: AgentWorkflowLike): void {
  if (!(self.agents instanceof Map)) return;
  for (const agent of self.agents.values()) instrumentLLMInstance(agent?.llm);
}

/** The result of a finished agent run: the stop event's data. */
function stopEventData(event: unknown): unknown {
  return (event as { data?: unknown } | undefined)?.data ?? event;
}

const runSpec: CallSpec<AgentWorkflowLike, [unknown, unknown?], unknown> = {
  key: "agent.run",
  name: (self) => `AgentWorkflow(${self.rootAgentName ?? "Agent"}).run`,
  spanType: SpanType.AGENT,
  inputs: (_self, [userInput, params]) => {
    const history = (params as { chatHistory?: unknown } | undefined)?.chatHistory;
    return history ? { userInput, chatHistory: history } : { userInput };
  },
  onStart: (span, self) => {
    // `run()` → `runStream()` adds no second span.
    pluginState().agentSpans.set(span, self);
    span.setAttribute("agents", agentNamesOf(self));
    instrumentAgentModels(self);
  },
  onResult: (span, finalEvent) => span.setOutputs(stopEventData(finalEvent)),
};

const runStreamSpec: CallSpec<AgentWorkflowLike, [unknown, unknown?], unknown> = {
  ...runSpec,
  key: "agent.runStream",
  name: (self) => `AgentWorkflow(${self.rootAgentName ?? "Agent"}).runStream`,
};

const toolSpec: CallSpec<AgentWorkflowLike, [ToolCallLike], unknown> = {
  key: "agent.tool",
  name: (_self, [call]) => call?.toolName ?? "tool",
  spanType: SpanType.TOOL,
  inputs: (_self, [call]) => call?.toolKwargs,
  onStart: (span, _self, [call]) => {
    markToolSpan(span);
    span.setAttributes({ tool_call_id: call?.toolId, agent: call?.agentName });
  },
  onResult: (span, output) => span.setOutputs(output),
};

interface ReadableLike {
  pipeThrough?: (transform: TransformStream) => unknown;
}

/**
 * Ends the AGENT span of `runStream()` when its event stream closes (with the stop event's data as outputs), is
 * cancelled or fails. The caller gets the stream `pipeThrough` returns: a WorkflowStream like the original.
 */
function endWhenStreamCloses(span: LiveSpan, stream: unknown): unknown {
  const readable = stream as ReadableLike;
  if (typeof readable?.pipeThrough !== "function") {
    span.end();
    return stream;
  }
  let last: unknown;
  return readable.pipeThrough(
    new TransformStream({
      transform(event, controller) {
        last = event;
        controller.enqueue(event);
      },
      flush() {
        span.setOutputs(stopEventData(last));
        span.end();
      },
      cancel(reason: unknown) {
        span.addEvent("cancelled", { reason: String(reason ?? "the consumer stopped reading the agent's events") });
        span.end();
      },
    } as Transformer<unknown, unknown>),
  );
}

function tracedRunStream(original: (this: unknown, ...args: unknown[]) => unknown) {
  return function (this: AgentWorkflowLike, ...args: unknown[]) {
    const active = getCurrentSpan();
    if (active && pluginState().agentSpans.get(active) === this) return original.apply(this, args);
    const span = startCallSpan(runStreamSpec, this, args as [unknown, unknown?]);
    if (!span) return original.apply(this, args);
    let stream: unknown;
    try {
      stream = withActiveSpan(span, () => original.apply(this, args));
    } catch (err) {
      span.recordException(err);
      span.end();
      throw err;
    }
    try {
      return endWhenStreamCloses(span, stream);
    } catch (err) {
      warnOnce("llamaindex.agent.stream", "could not observe an agent's event stream; its span ends now", err);
      span.end();
      return stream;
    }
  };
}

/**
 * Traces `AgentWorkflow` runs as AGENT spans (`run()`: ends with the result; `runStream()`: ends when the event
 * stream closes) and each `callTool()` as a TOOL span under it. The agents' models are instrumented on first run.
 */
export function instrumentAgentWorkflow(AgentWorkflow: { prototype: object } | undefined): Unpatch[] {
  const proto = AgentWorkflow?.prototype;
  return [
    wrapMethod(proto, "run", (original) =>
      function (this: AgentWorkflowLike, ...args: unknown[]) {
        return runTracedCall(runSpec, this, args as [unknown, unknown?], original);
      },
    ),
    wrapMethod(proto, "runStream", tracedRunStream),
    wrapMethod(proto, "callTool", (original) =>
      function (this: AgentWorkflowLike, ...args: unknown[]) {
        return runTracedCall(toolSpec, this, args as [ToolCallLike], original);
      },
    ),
  ];
}

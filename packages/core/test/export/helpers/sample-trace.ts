import { SpanType, withSpan } from "../../../src/index.js";

/** What {@link recordAgentTrace} produced, to compare with what a receiver got. */
export interface RecordedTrace {
  traceId: string;
  otelTraceId: string;
  rootSpanId: string;
  llmSpanId: string;
  toolSpanId: string;
}

/**
 * Records a small agent trace: AGENT root → CHAT_MODEL call (token usage, message format) and a TOOL that fails
 * (exception event, ERROR status, caught by the agent). Inputs and outputs are set on every span.
 */
export async function recordAgentTrace(question = "weather in Paris?"): Promise<RecordedTrace> {
  return withSpan({ name: "agent", spanType: SpanType.AGENT, inputs: { question } }, async (root) => {
    const llmSpanId = await withSpan({ name: "chat", spanType: SpanType.CHAT_MODEL }, async (span) => {
      span.setInputs({ messages: [{ role: "user", content: question }] });
      span.setAttribute("mlflow.message.format", "openai");
      span.setTokenUsage({ input_tokens: 12, output_tokens: 5, total_tokens: 17 });
      span.setOutputs({ choices: [{ message: { role: "assistant", content: "calling tool" } }] });
      return span.spanId;
    });
    const toolSpanId = await withSpan({ name: "get_weather", spanType: SpanType.TOOL, inputs: { city: "Paris" } }, async (span) => {
      await Promise.reject(new RangeError("weather service down")).catch((err) => {
        span.recordException(err);
        span.setStatus("ERROR", "weather service down");
      });
      return span.spanId;
    });
    root.setOutputs("It is sunny.");
    return { traceId: root.traceId, otelTraceId: root.otelTraceId, rootSpanId: root.spanId, llmSpanId, toolSpanId };
  });
}

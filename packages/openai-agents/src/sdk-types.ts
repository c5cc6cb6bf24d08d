/**
 * The parts of the Agents SDK's tracing objects this package reads (`@openai/agents-core` `Span` and `Trace`),
 * typed structurally so that no SDK copy is imported: the application's own copy hands them to the processor.
 */
export interface SdkSpan {
  readonly spanId: string;
  readonly traceId: string;
  readonly parentId: string | null;
  readonly spanData: { type: string; [key: string]: unknown };
  readonly error: { message: string; data?: Record<string, unknown> } | null;
  /** The span that was current when this one was entered (the SDK's context chain). */
  readonly previousSpan?: SdkSpan;
}

/** An SDK trace: one workflow (`withTrace`, or the one `run()` opens). */
export interface SdkTrace {
  readonly traceId: string;
  readonly name: string;
  readonly groupId?: string | null;
  readonly metadata?: Record<string, unknown>;
}

/** The SDK's `TracingProcessor` interface. */
export interface SdkTracingProcessor {
  onTraceStart(trace: SdkTrace): Promise<void>;
  onTraceEnd(trace: SdkTrace): Promise<void>;
  onSpanStart(span: SdkSpan): Promise<void>;
  onSpanEnd(span: SdkSpan): Promise<void>;
  shutdown(timeout?: number): Promise<void>;
  forceFlush(): Promise<void>;
}

/** The SDK's global `TraceProvider` (shared by every copy of `@openai/agents-core` from 0.15 on). */
export interface SdkTraceProvider {
  registerProcessor(processor: SdkTracingProcessor): void;
  setProcessors(processors: SdkTracingProcessor[]): void;
}

import { warnOnce } from "./log.js";
import { closeMastraSpan, openMastraSpan, registerMastraSpan, type MastraSpanStart } from "./span-record.js";
import { pluginState, recording } from "./state.js";

type Loose = Record<string, any>;

/**
 * Mastra's observability exporter for traceloom: receives Mastra's tracing events and ends the matching traceloom
 * spans with their outputs, token usage and errors. A span it did not see start through {@link TraceloomMastraBridge}
 * (an observability instance that already had a bridge of its own) is started here, from its exported form.
 */
export class TraceloomMastraExporter {
  /** The name Mastra knows the exporter by. */
  readonly name = "traceloom";

  /** Handles one tracing event (`span_started`, `span_updated`, `span_ended`); never throws. */
  async exportTracingEvent(event: Loose): Promise<void> {
    this.onTracingEvent(event);
  }

  /** Synchronous handling, so a span ends exactly when Mastra ends it. */
  onTracingEvent(event: Loose): void {
    try {
      const span = event?.exportedSpan as Loose | undefined;
      if (!span || typeof span.id !== "string") return;
      const spans = pluginState().spans;
      if (event.type === "span_started" && !spans.has(span.id) && recording()) {
        const entry = openMastraSpan(span as MastraSpanStart, spans.get(span.parentSpanId));
        if (entry) registerMastraSpan(span.id, entry);
      } else if (event.type === "span_ended") {
        closeMastraSpan(span.id, span);
      }
    } catch (err) {
      warnOnce("mastra.exporter", "could not record a Mastra tracing event; tracing continues", err);
    }
  }

  async flush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}

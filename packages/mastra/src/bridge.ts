import { getCurrentSpan, withActiveSpan } from "@traceloom/core";
import { warnOnce } from "./log.js";
import { openMastraSpan, registerMastraSpan, type MastraSpanStart } from "./span-record.js";
import { pluginState, recording, type MastraSpanEntry } from "./state.js";

type Loose = Record<string, any>;

/** The nearest exported (non-internal) Mastra ancestor of a span Mastra is creating. */
function knownParent(options: Loose): MastraSpanEntry | undefined {
  const spans = pluginState().spans;
  for (let p = options.parent as Loose | undefined, depth = 0; p && depth < 100; p = p.parent, depth++) {
    const entry = typeof p.id === "string" ? spans.get(p.id) : undefined;
    if (entry) return entry;
  }
  return undefined;
}

/**
 * Mastra's observability bridge for traceloom: Mastra asks it for the IDs of every span it creates — it answers with
 * the IDs of a traceloom span it starts there, nested under the Mastra parent's span or, for a root, under the active
 * traceloom span — and runs model and tool work through `executeInContext`, with that span active, so what the
 * work traces itself (an OpenAI SDK call, a `withSpan` in a tool) nests inside. Ends, outputs and usage arrive as
 * tracing events at {@link TraceloomMastraExporter}.
 */
export class TraceloomMastraBridge {
  /** The name Mastra knows the bridge by. */
  readonly name = "traceloom";

  /** Called by Mastra as it constructs a (non-internal) span: starts ours and returns its IDs. */
  createSpan(options: Loose): { traceId: string; spanId: string; parentSpanId?: string; externalParentSpanId?: string } | undefined {
    if (!recording() || !options || options.isEvent) return undefined;
    try {
      const parent = knownParent(options);
      const outer = parent ? undefined : getCurrentSpan();
      const entry = openMastraSpan(options as MastraSpanStart, parent);
      if (!entry?.anchor) return undefined;
      registerMastraSpan(entry.id, entry);
      const ids = { traceId: entry.anchor.otelTraceId, spanId: entry.id };
      if (parent) return { ...ids, parentSpanId: parent.id };
      return outer ? { ...ids, externalParentSpanId: outer.spanId } : ids;
    } catch (err) {
      warnOnce("mastra.bridge.createSpan", "could not start a span for a Mastra span; it is not traced", err);
      return undefined;
    }
  }

  /** Runs Mastra's async work for span `spanId` with its traceloom span active. */
  executeInContext<T>(spanId: string, fn: () => Promise<T>): Promise<T> {
    const anchor = pluginState().spans.get(spanId)?.anchor;
    return anchor ? withActiveSpan(anchor, fn) : fn();
  }

  /** Runs Mastra's synchronous work for span `spanId` with its traceloom span active. */
  executeInContextSync<T>(spanId: string, fn: () => T): T {
    const anchor = pluginState().spans.get(spanId)?.anchor;
    return anchor ? withActiveSpan(anchor, fn) : fn();
  }

  /** Events reach the exporter; the bridge only names spans and runs work in them. */
  async exportTracingEvent(): Promise<void> {}

  async flush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}

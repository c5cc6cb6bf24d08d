/**
 * An OpenTelemetry SpanExporter that keeps nothing and sends nothing: it counts the spans it is handed and
 * reports success, so a peer's processor runs its full path with no network and no growing memory.
 */
export class CountingSpanExporter {
  count = 0;

  /** @param {unknown[]} spans @param {(result: { code: number }) => void} done */
  export(spans, done) {
    this.count += spans.length;
    done({ code: 0 });
  }

  async shutdown() {}

  async forceFlush() {}
}

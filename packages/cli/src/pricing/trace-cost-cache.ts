import { TraceMetadataKey, type Trace } from "@traceloom/core";
import { traceCost } from "./cost.js";
import type { PriceTable } from "./price-table.js";

/** Most costs remembered; the oldest entry makes room for a new one. */
const MAX_ENTRIES = 100_000;

/**
 * Trace costs (USD) remembered by trace ID, so that ordering by cost loads a trace's spans once, not on every
 * search (the viewer's live refresh repeats it every 2 s). A finished trace does not change, except when a later
 * fragment of it arrives, which changes its token total: an entry is reused only while the trace's state and token
 * total are the ones it was computed for. Traces still in progress are always computed afresh.
 */
export class TraceCostCache {
  private readonly entries = new Map<string, { version: string; usd: number | undefined }>();

  constructor(readonly prices: PriceTable) {}

  /**
   * The cost of a trace given by its info (loaded without spans); `loadWithSpans` loads it whole when the cost is
   * not known yet. Undefined when no span reports usage, or the trace has gone.
   */
  usdOf(info: Trace, loadWithSpans: () => Trace | undefined): number | undefined {
    const id = info.traceId;
    const version = `${info.info.state} ${info.info.metadata[TraceMetadataKey.TOKEN_USAGE] ?? ""}`;
    const known = this.entries.get(id);
    if (known && known.version === version) return known.usd;
    const trace = loadWithSpans();
    const usd = trace ? traceCost(trace, this.prices)?.usd : undefined;
    if (info.info.state === "IN_PROGRESS") return usd;
    this.entries.delete(id);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(id, { version, usd });
    return usd;
  }
}

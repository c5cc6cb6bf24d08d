import { rowsByLatency } from "./latency-order.js";
import { compareGroups, percentileRank, type LatencyStats, type ModelTokens, type StatsBucket, type StatsGroup, type TraceStats } from "./stats-types.js";

/** The counted rows (traces, or spans) of one stats query as columns, as a store reads them, before any grouping. */
export interface StatsRows {
  count: number;
  /** Each row's key, an index into `keys`; absent when nothing is grouped. */
  keyOf?: Int32Array;
  keys: (string | null)[];
  /** Trace execution time (ms) or span duration (µs); NaN when the row has none. */
  latency: Float64Array;
  /** 1 for a trace in state ERROR or a span with status ERROR. */
  error: Uint8Array;
  /** Each row's bucket number (the bucket starts at number × bucketMs); absent without buckets. */
  bucket?: Float64Array;
  input: Float64Array;
  output: Float64Array;
  total: Float64Array;
  /** Model spans: the row each one counts with (-1: none, skipped), its model (an index into `names`) and its tokens. */
  modelSpans: { row: Int32Array; model: Int32Array; input: Float64Array; output: Float64Array; names: string[] };
}

/** How to aggregate {@link StatsRows}. */
export interface RowStatsOptions {
  /** Latencies are divided by this (1000: span µs to ms). */
  scale: number;
  grouped: boolean;
  maxGroups: number;
  bucketMs?: number;
  /** Throws at the query's deadline; called between passes. */
  check: () => void;
}

/** Counts, sums and latency percentiles of one set of rows (a group, a bucket, a group's bucket, everything). */
class Tally {
  count = 0;
  errors = 0;
  input = 0;
  output = 0;
  total = 0;
  latencies = 0;
  /** Filled by the ordered pass: latency sum (in ascending order, as the memory store sums), max, p50/p90/p99. */
  seen = 0;
  sum = 0;
  max = 0;
  readonly at = [0, 0, 0];
  readonly models = new Map<number, ModelTokens>();

  merge(other: Tally): void {
    this.count += other.count;
    this.errors += other.errors;
    this.input += other.input;
    this.output += other.output;
    this.total += other.total;
    this.latencies += other.latencies;
  }

  add(rows: StatsRows, r: number): void {
    this.count++;
    this.errors += rows.error[r];
    this.input += rows.input[r];
    this.output += rows.output[r];
    this.total += rows.total[r];
    if (!Number.isNaN(rows.latency[r])) this.latencies++;
  }

  /** The next latency in ascending order. */
  ordered(v: number): void {
    this.seen++;
    this.sum += v;
    this.max = v;
    for (let i = 0; i < 3; i++) if (this.seen === percentileRank(PERCENTILES[i], this.latencies)) this.at[i] = v;
  }

  addModel(m: number, name: string, input: number, output: number): void {
    const t = this.models.get(m);
    if (t) {
      t.inputTokens += input;
      t.outputTokens += output;
    } else this.models.set(m, { model: name, inputTokens: input, outputTokens: output });
  }

  tokensByModel(): ModelTokens[] {
    return [...this.models.values()].sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  }

  latency(scale: number): LatencyStats | null {
    if (this.latencies === 0) return null;
    return { p50: this.at[0] / scale, p90: this.at[1] / scale, p99: this.at[2] / scale, mean: this.sum / this.latencies / scale, max: this.max / scale };
  }

  group(key: string | null, scale: number): StatsGroup {
    return {
      key,
      count: this.count,
      errorCount: this.errors,
      latencyMs: this.latency(scale),
      inputTokens: this.input,
      outputTokens: this.output,
      totalTokens: this.total,
      tokensByModel: this.tokensByModel(),
    };
  }

  bucket(startMs: number, scale: number): StatsBucket {
    return {
      startMs,
      count: this.count,
      errorCount: this.errors,
      p50Ms: this.latencies === 0 ? null : this.at[0] / scale,
      totalTokens: this.total,
      tokensByModel: this.tokensByModel(),
    };
  }
}

const PERCENTILES = [50, 90, 99];

/**
 * Stats of rows already selected, with the memory store's semantics (stats/memory-stats.ts): groups largest first,
 * exact nearest-rank percentiles, epoch-aligned buckets. Every row is tallied into its group, its bucket and its
 * group's bucket in one pass; one sort of all latencies then gives every percentile in a second pass.
 */
export function statsOfRows(rows: StatsRows, options: RowStatsOptions): TraceStats {
  const { count: n, keyOf } = rows;
  // Groups by size first: only the kept ones get their own tallies (the rest count in the total only).
  let kept: { key: string | null; k: number; count: number }[] = [];
  let truncated = 0;
  const slot = new Int32Array(rows.keys.length);
  if (options.grouped && keyOf) {
    const sizes = new Float64Array(rows.keys.length);
    for (let r = 0; r < n; r++) sizes[keyOf[r]]++;
    const all = rows.keys.map((key, k) => ({ key, k, count: sizes[k] })).filter((g) => g.count > 0);
    all.sort(compareGroups);
    kept = all.slice(0, options.maxGroups);
    truncated = all.length - kept.length;
  }
  slot.fill(kept.length);
  kept.forEach((g, i) => (slot[g.k] = i));
  const slotOf = (r: number) => (keyOf && options.grouped ? slot[keyOf[r]] : kept.length);

  // Each row belongs to one cell — a kept group's bucket, or the bucket of the rest (slot kept.length) — and is
  // tallied there only; groups, buckets and the total are sums of cells. Without buckets a cell is a slot.
  const slots = kept.length + 1;
  const bucketNumbers: number[] = [];
  const cellOf = new Int32Array(n);
  const cellSlot: number[] = [];
  const cellBucket: number[] = [];
  if (rows.bucket) {
    const bucketIndex = new Map<number, number>();
    const cellIndex = new Map<number, number>();
    let lastNumber = Number.NaN;
    let b = -1;
    for (let r = 0; r < n; r++) {
      const number = rows.bucket[r];
      if (number !== lastNumber) {
        lastNumber = number;
        b = bucketIndex.get(number) ?? -1;
        if (b < 0) {
          b = bucketNumbers.length;
          bucketIndex.set(number, b);
          bucketNumbers.push(number);
        }
      }
      const s = slotOf(r);
      const key = b * slots + s;
      let c = cellIndex.get(key);
      if (c === undefined) {
        c = cellSlot.length;
        cellIndex.set(key, c);
        cellSlot.push(s);
        cellBucket.push(b);
      }
      cellOf[r] = c;
    }
  } else {
    for (let s = 0; s < slots; s++) cellSlot.push(s);
    for (let r = 0; r < n; r++) cellOf[r] = slotOf(r);
  }
  const cells = cellSlot.map(() => new Tally());
  for (let r = 0; r < n; r++) cells[cellOf[r]].add(rows, r);
  const total = new Tally();
  const groups = kept.map(() => new Tally());
  const buckets = bucketNumbers.map(() => new Tally());
  cells.forEach((cell, c) => {
    total.merge(cell);
    if (cellSlot[c] < kept.length) groups[cellSlot[c]].merge(cell);
    if (rows.bucket) buckets[cellBucket[c]].merge(cell);
  });
  options.check();

  // Every tally that ranks latencies sees them in ascending order: the total, the row's kept group, its bucket, and
  // (with buckets) its group's bucket.
  const order = rowsByLatency(rows.latency);
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    const v = rows.latency[r];
    const c = cellOf[r];
    total.ordered(v);
    if (cellSlot[c] < kept.length) groups[cellSlot[c]].ordered(v);
    if (rows.bucket) {
      buckets[cellBucket[c]].ordered(v);
      cells[c].ordered(v);
    }
  }
  options.check();

  const ms = rows.modelSpans;
  for (let i = 0; i < ms.row.length; i++) {
    if (ms.row[i] < 0) continue;
    const c = cellOf[ms.row[i]];
    const m = ms.model[i];
    const name = ms.names[m];
    total.addModel(m, name, ms.input[i], ms.output[i]);
    if (cellSlot[c] < kept.length) groups[cellSlot[c]].addModel(m, name, ms.input[i], ms.output[i]);
    if (rows.bucket) {
      buckets[cellBucket[c]].addModel(m, name, ms.input[i], ms.output[i]);
      cells[c].addModel(m, name, ms.input[i], ms.output[i]);
    }
  }

  const { scale, bucketMs } = options;
  const series = (of: [number, Tally][]): StatsBucket[] =>
    of.sort((a, b) => a[0] - b[0]).map(([number, tally]) => tally.bucket(number * (bucketMs as number), scale));
  const totalGroup = total.group(null, scale);
  if (rows.bucket) totalGroup.series = series(buckets.map((t, b) => [bucketNumbers[b], t]));
  const out: StatsGroup[] = kept.map((g, s) => groups[s].group(g.key, scale));
  if (rows.bucket) {
    const cellsOf = out.map((): [number, Tally][] => []);
    cells.forEach((cell, c) => {
      if (cellSlot[c] < kept.length) cellsOf[cellSlot[c]].push([bucketNumbers[cellBucket[c]], cell]);
    });
    out.forEach((group, s) => (group.series = series(cellsOf[s])));
  }
  const stats: TraceStats = { total: totalGroup, groups: out };
  if (truncated > 0) stats.truncatedGroups = truncated;
  return stats;
}

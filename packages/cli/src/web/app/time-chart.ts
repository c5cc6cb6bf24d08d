import { bucketLabel } from "../../stats/bucket-label.js";
import { h } from "./dom.js";
import { svg } from "./svg.js";

/** One line or set of bars: a value per time bucket (missing buckets and null values are gaps). */
export interface TimeSeries {
  label: string;
  /** "error" draws the series in the error colour, which groups never get. */
  tone?: "error";
  points: { startMs: number; value: number | null }[];
}

/** What {@link timeChart} draws. */
export interface TimeChartSpec {
  /** Shown above the chart and read out as its name. */
  title: string;
  kind: "bars" | "lines";
  series: TimeSeries[];
  /** The buckets' common size and the range they cover. */
  bucketMs: number;
  fromMs: number;
  toMs: number;
  /** A value as shown on the axis and in tooltips. */
  format(value: number): string;
}

const WIDTH = 640;
const HEIGHT = 170;
const LEFT = 64;
const RIGHT = 10;
const TOP = 10;
const BOTTOM = 22;
/** Colours come from CSS classes chart-s0 … chart-s5, repeating (none of them red: red means errors, chart-err). */
const PALETTE = 6;

function colorClass(series: TimeSeries, index: number): string {
  return series.tone === "error" ? "chart-err" : `chart-s${index % PALETTE}`;
}

/** A mark's bucket start and exact value, kept in data attributes (the drawing and tooltip are rounded). */
function raw(startMs: number, value: number): Record<string, number> {
  return { "data-start": startMs, "data-value": value };
}

function timeLabel(ms: number, spanMs: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  const seconds = spanMs < 10 * 60_000 ? `:${pad(d.getSeconds())}` : "";
  const millis = spanMs < 10_000 ? `.${String(d.getMilliseconds()).padStart(3, "0")}` : "";
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds}${millis}`;
  return spanMs > 86_400_000 ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock}` : clock;
}

/** The chart's buckets: every bucket start from the range's first to its last, so empty buckets show as gaps. */
function bucketStarts(spec: TimeChartSpec): number[] {
  const first = Math.floor(spec.fromMs / spec.bucketMs) * spec.bucketMs;
  const starts: number[] = [];
  for (let t = first; t <= spec.toMs; t += spec.bucketMs) starts.push(t);
  return starts.length > 0 ? starts : [first];
}

/**
 * A small chart over time in plain SVG: bars (grouped when there are several series) or lines, a zero-based value
 * axis with its top value, the range's first and last time, a tooltip per point, and a legend when there are
 * several series. Read out as an image named by its title and range.
 */
export function timeChart(spec: TimeChartSpec): HTMLElement {
  const starts = bucketStarts(spec);
  const slot = (WIDTH - LEFT - RIGHT) / starts.length;
  const values = spec.series.map((s) => new Map(s.points.map((p) => [Math.floor(p.startMs / spec.bucketMs) * spec.bucketMs, p.value])));
  const max = Math.max(0, ...values.flatMap((m) => [...m.values()].filter((v): v is number => v !== null)));
  const top = max > 0 ? max : 1;
  const y = (v: number) => HEIGHT - BOTTOM - (v / top) * (HEIGHT - TOP - BOTTOM);
  const spanMs = starts[starts.length - 1] + spec.bucketMs - starts[0];

  const axis = svg(
    "g",
    { class: "chart-axis" },
    svg("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: y(0), y2: y(0) }),
    svg("line", { class: "chart-grid", x1: LEFT, x2: WIDTH - RIGHT, y1: y(top), y2: y(top) }),
    svg("text", { x: LEFT - 6, y: y(0) + 4, "text-anchor": "end" }, "0"),
    svg("text", { x: LEFT - 6, y: y(top) + 4, "text-anchor": "end" }, spec.format(top)),
    svg("text", { x: LEFT, y: HEIGHT - 6 }, timeLabel(starts[0], spanMs)),
    svg("text", { x: WIDTH - RIGHT, y: HEIGHT - 6, "text-anchor": "end" }, timeLabel(starts[starts.length - 1] + spec.bucketMs, spanMs)),
  );
  const marks = spec.series.map((s, i) => {
    const color = colorClass(s, i);
    const tip = (start: number, v: number) => svg("title", {}, `${spec.series.length > 1 ? `${s.label} · ` : ""}${timeLabel(start, spanMs)} · ${spec.format(v)}`);
    const points = starts.map((start, b) => ({ start, b, v: values[i].get(start) ?? null }));
    if (spec.kind === "bars") {
      const width = Math.max(1, (slot - 2) / spec.series.length);
      return svg(
        "g",
        { class: `chart-bars ${color}` },
        ...points
          .filter((p): p is typeof p & { v: number } => p.v !== null && p.v > 0)
          .map((p) => svg("rect", { x: LEFT + p.b * slot + 1 + i * width, y: y(p.v), width, height: y(0) - y(p.v), ...raw(p.start, p.v) }, tip(p.start, p.v))),
      );
    }
    const cx = (b: number) => LEFT + (b + 0.5) * slot;
    const runs: string[] = [];
    let run: string[] = [];
    for (const p of points) {
      if (p.v === null) {
        if (run.length > 0) runs.push(run.join(" "));
        run = [];
      } else run.push(`${cx(p.b).toFixed(1)},${y(p.v).toFixed(1)}`);
    }
    if (run.length > 0) runs.push(run.join(" "));
    return svg(
      "g",
      { class: `chart-lines ${color}` },
      ...runs.map((pts) => svg("polyline", { points: pts })),
      ...points.filter((p): p is typeof p & { v: number } => p.v !== null).map((p) => svg("circle", { cx: cx(p.b), cy: y(p.v), r: 3, ...raw(p.start, p.v) }, tip(p.start, p.v))),
    );
  });

  const label = `${spec.title}, ${timeLabel(starts[0], spanMs)} to ${timeLabel(starts[starts.length - 1] + spec.bucketMs, spanMs)}; highest ${spec.format(max)}`;
  const chart = svg("svg", { class: "chart-svg", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": label }, axis, ...marks);
  const legend =
    spec.series.length > 1
      ? h("ul", { class: "chart-legend" }, ...spec.series.map((s, i) => h("li", {}, h("span", { class: `chart-swatch ${colorClass(s, i)}`, attrs: { "aria-hidden": "true" } }), s.label)))
      : null;
  const caption = h("figcaption", { text: spec.title }, h("span", { class: "chart-bucket", text: ` · per ${bucketLabel(spec.bucketMs)}` }));
  return h("figure", { class: "chart", attrs: { "data-bucket-ms": String(spec.bucketMs) } }, caption, chart, legend);
}

/** Time ranges the analysis page offers, back from now; "all" has no bounds, "custom" uses `from`/`to`. */
export const RANGES = ["all", "15m", "1h", "6h", "24h", "7d", "30d", "custom"] as const;

/** One of {@link RANGES}. */
export type RangeName = (typeof RANGES)[number];

/** The analysis page: a filter, a time range and a grouping, and the groups being compared. */
export interface AnalysisRoute {
  page: "analysis";
  experiment: string;
  filter: string;
  range: RangeName;
  /** For the custom range: ms since the epoch, or null where open. */
  from: number | null;
  to: number | null;
  /** A grouping in the store's spelling (none, model, span.type, …, tags.<key>, metadata.<key>). */
  groupBy: string;
  /** Keys of the groups compared side by side (null: the "none set" group); fewer than two: no comparison. */
  compare: (string | null)[];
}

/** The grouping the page opens with. */
export const DEFAULT_GROUP_BY = "model";

function timeParam(value: string | null): number | null {
  return value !== null && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

function compareParam(value: string | null): (string | null)[] {
  if (!value) return [];
  try {
    const keys: unknown = JSON.parse(value);
    return Array.isArray(keys) ? keys.filter((k): k is string | null => k === null || typeof k === "string") : [];
  } catch {
    return [];
  }
}

/** Reads the analysis route from the query part of `#/analysis?...`; anything malformed falls back to its default. */
export function parseAnalysisRoute(params: URLSearchParams): AnalysisRoute {
  const range = params.get("range") ?? "all";
  return {
    page: "analysis",
    experiment: params.get("experiment") ?? "",
    filter: params.get("filter") ?? "",
    range: (RANGES as readonly string[]).includes(range) ? (range as RangeName) : "all",
    from: timeParam(params.get("from")),
    to: timeParam(params.get("to")),
    groupBy: params.get("groupBy") || DEFAULT_GROUP_BY,
    compare: compareParam(params.get("compare")),
  };
}

/** The hash of an analysis route; defaults are left out. */
export function analysisHash(route: Omit<AnalysisRoute, "page">): string {
  const params = new URLSearchParams();
  if (route.experiment) params.set("experiment", route.experiment);
  if (route.filter) params.set("filter", route.filter);
  if (route.range !== "all") params.set("range", route.range);
  if (route.range === "custom" && route.from !== null) params.set("from", String(route.from));
  if (route.range === "custom" && route.to !== null) params.set("to", String(route.to));
  if (route.groupBy !== DEFAULT_GROUP_BY) params.set("groupBy", route.groupBy);
  if (route.compare.length > 0) params.set("compare", JSON.stringify(route.compare));
  const qs = params.toString();
  return qs ? `#/analysis?${qs}` : "#/analysis";
}

const AGES: Record<Exclude<RangeName, "all" | "custom">, number> = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 24 * 3_600_000,
  "30d": 30 * 24 * 3_600_000,
};

/** The time range a route covers at `now`, as the `from`/`to` parameters of `/api/stats` (undefined where open). */
export function rangeBounds(route: AnalysisRoute, now: number): { from?: number; to?: number } {
  if (route.range === "all") return {};
  if (route.range === "custom") return { from: route.from ?? undefined, to: route.to ?? undefined };
  return { from: now - AGES[route.range], to: now };
}

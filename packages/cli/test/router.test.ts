import { describe, expect, it } from "vitest";
import { analysisHash, DEFAULT_GROUP_BY, rangeBounds, type AnalysisRoute } from "../src/web/app/analysis-route.js";
import { DEFAULT_ORDER, parseRoute, traceHash } from "../src/web/app/router.js";

describe("parseRoute", () => {
  it("reads a trace page and its selected span, and round-trips traceHash", () => {
    const id = "tr-0123456789abcdef0123456789abcdef";
    expect(parseRoute(traceHash(id, "00000000000000aa"))).toEqual({ page: "trace", traceId: id, spanId: "00000000000000aa" });
  });

  it("keeps a malformed percent-escape as typed instead of throwing (the page then says it is not a trace ID)", () => {
    expect(parseRoute("#/trace/%E0")).toEqual({ page: "trace", traceId: "%E0", spanId: "" });
    expect(parseRoute("#/trace/tr-%zz?span=1")).toEqual({ page: "trace", traceId: "tr-%zz", spanId: "1" });
  });

  it("reads the list with its search, and defaults to newest first", () => {
    expect(parseRoute("#/traces?filter=status%20%3D%20'OK'&experiment=2")).toEqual({ page: "list", experiment: "2", filter: "status = 'OK'", orderBy: DEFAULT_ORDER });
    expect(parseRoute("")).toEqual({ page: "list", experiment: "", filter: "", orderBy: DEFAULT_ORDER });
  });
});

describe("analysis routes", () => {
  it("round-trip a question with a custom range and a comparison, null keys included, and leave defaults out", () => {
    const route = { experiment: "2", filter: "tags.env = 'prod'", range: "custom" as const, from: 1000, to: 2000, groupBy: "tags.framework", compare: ["langgraph", null, "a\"b"] };
    const hash = analysisHash(route);
    expect(parseRoute(hash)).toEqual({ page: "analysis", ...route });
    expect(analysisHash({ ...route, experiment: "", filter: "", range: "all", groupBy: DEFAULT_GROUP_BY, compare: [] })).toBe("#/analysis");
  });

  it("falls back to defaults for a malformed range, time or comparison", () => {
    expect(parseRoute("#/analysis?range=forever&from=soon&compare=%5Bnot%20json")).toEqual({
      page: "analysis",
      experiment: "",
      filter: "",
      range: "all",
      from: null,
      to: null,
      groupBy: DEFAULT_GROUP_BY,
      compare: [],
    });
    expect(parseRoute(`#/analysis?compare=${encodeURIComponent(JSON.stringify(["a", 1, null, { x: 1 }]))}`)).toMatchObject({ compare: ["a", null] });
  });

  it("turns a preset range into bounds back from now, and all time into none", () => {
    const route = parseRoute("#/analysis?range=24h") as AnalysisRoute;
    expect(rangeBounds(route, 100_000_000)).toEqual({ from: 100_000_000 - 86_400_000, to: 100_000_000 });
    expect(rangeBounds({ ...route, range: "all" }, 5)).toEqual({});
    expect(rangeBounds({ ...route, range: "custom", from: 7, to: null }, 5)).toEqual({ from: 7, to: undefined });
  });
});

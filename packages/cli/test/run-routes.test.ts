import { describe, expect, it } from "vitest";
import { compareTrees, diffLines } from "../src/web/app/compare-tree.js";
import { alignByKey } from "../src/web/app/align.js";
import { runFilter } from "../src/filter-text.js";
import { parseRoute } from "../src/web/app/router.js";
import { compareHash, runHash, runsHash } from "../src/web/app/run-routes.js";
import type { SpanView } from "../src/server/api-types.js";

describe("run and compare routes", () => {
  it("round-trips the runs, run and compare hashes", () => {
    expect(parseRoute(runsHash())).toEqual({ page: "runs", experiment: "" });
    expect(parseRoute(runsHash("2"))).toEqual({ page: "runs", experiment: "2" });
    expect(parseRoute(runHash("ab12"))).toEqual({ page: "run", runId: "ab12" });
    expect(parseRoute(compareHash(["tr-a", "tr-b"]))).toEqual({ page: "compare", traceIds: ["tr-a", "tr-b"] });
    expect(parseRoute("#/compare")).toEqual({ page: "compare", traceIds: [] });
  });

  it("finds a run's traces by MLflow's metadata key, quoting the ID as a filter literal", () => {
    expect(runFilter("ab12")).toBe("metadata.`mlflow.sourceRun` = 'ab12'");
    expect(runFilter("it's")).toBe("metadata.`mlflow.sourceRun` = 'it''s'");
  });
});

const span = (spanId: string, parentId: string | null, name: string): SpanView =>
  ({ spanId, parentId, name, spanType: "UNKNOWN", status: { code: "STATUS_CODE_OK", message: "" }, durationMs: 1 }) as SpanView;

describe("compare alignment", () => {
  it("pairs common keys in order and keeps the rest on their own side", () => {
    expect(alignByKey(["a", "b", "c"], ["a", "c", "d"])).toEqual([
      [0, 0],
      [1, null],
      [2, 1],
      [null, 2],
    ]);
    expect(alignByKey([], ["x"])).toEqual([[null, 0]]);
  });

  it("lines up span trees of different shapes by name path, repeated siblings in order", () => {
    const left = [span("1", null, "agent"), span("2", "1", "llm"), span("3", "1", "tool"), span("4", "1", "llm"), span("5", "3", "http")];
    const right = [span("a", null, "agent"), span("b", "a", "llm"), span("c", "a", "retriever")];
    const rows = compareTrees(left, right).map((r) => [r.depth, r.left?.spanId ?? null, r.right?.spanId ?? null]);
    expect(rows).toEqual([
      [0, "1", "a"],
      [1, "2", "b"],
      [1, "3", null],
      [2, "5", null],
      [1, "4", null],
      [1, null, "c"],
    ]);
  });

  it("diffs texts line by line and says when it cut them", () => {
    expect(diffLines("{\n  a: 1\n}", "{\n  a: 2\n}", 10)).toEqual({
      lines: [
        { mark: " ", text: "{" },
        { mark: "-", text: "  a: 1" },
        { mark: "+", text: "  a: 2" },
        { mark: " ", text: "}" },
      ],
      truncated: false,
    });
    expect(diffLines("1\n2\n3", "1", 2).truncated).toBe(true);
  });
});

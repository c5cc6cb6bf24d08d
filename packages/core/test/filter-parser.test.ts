import { describe, expect, it } from "vitest";
import { FilterSyntaxError, parseFilter } from "../src/index.js";
import { likeToGlob } from "../src/store/filter/to-sql.js";

function errorOf(filter: string): FilterSyntaxError {
  try {
    parseFilter(filter);
  } catch (e) {
    if (e instanceof FilterSyntaxError) return e;
    throw e;
  }
  throw new Error(`"${filter}" parsed without error`);
}

describe("filter grammar", () => {
  it("parses MLflow-style clauses joined by AND", () => {
    const filter =
      "attributes.status = 'OK' AND tags.`mlflow.traceName` LIKE \"agent%\" AND execution_time_ms >= 100 AND span.type IN ('LLM', 'TOOL') AND metadata.env <> 'dev'";
    expect(parseFilter(filter)).toEqual([
      { ref: { kind: "trace", field: "status" }, op: "=", value: "OK", position: 0 },
      { ref: { kind: "tag", key: "mlflow.traceName" }, op: "LIKE", value: "agent%", position: filter.indexOf("tags.") },
      { ref: { kind: "trace", field: "execution_time_ms" }, op: ">=", value: 100, position: filter.indexOf("execution_time_ms") },
      { ref: { kind: "span", field: "type" }, op: "IN", value: ["LLM", "TOOL"], position: filter.indexOf("span.type") },
      { ref: { kind: "metadata", key: "env" }, op: "!=", value: "dev", position: filter.indexOf("metadata.env") },
    ]);
    expect(parseFilter("")).toEqual([]);
    expect(parseFilter("name = 'it''s'")[0]).toMatchObject({ value: "it's" });
    expect(parseFilter("timestamp_ms > -5")[0]).toMatchObject({ value: -5 });
  });

  it.each([
    ["status = ", 9, "expected a quoted string or a number, found the end of the filter"],
    ["status == 'OK'", 8, 'expected a quoted string or a number, found "="'],
    ["bogus = 1", 0, 'unknown field "bogus"'],
    ["status = 'OK' OR name = 'x'", 14, "OR is not supported"],
    ["status = 'OK' name = 'x'", 14, "expected AND or the end of the filter"],
    ["name = 'unterminated", 7, "unterminated string"],
    ["execution_time_ms > 'slow'", 0, "is numeric: compare it with a number"],
    ["status > 5", 0, "is text: quote the value"],
    ["span.color = 'red'", 0, 'unknown span field "color"'],
    ["tags.env < 'b'", 0, '"<" is not supported'],
    ["status IN 'OK'", 10, 'expected "(" to start a list'],
    ["status = 'OK' AND #", 18, 'unexpected character "#"'],
  ])("rejects %j at position %i", (filter, position, reason) => {
    const e = errorOf(filter);
    expect(e.position).toBe(position);
    expect(e.message).toContain(`position ${position}`);
    expect(e.message).toContain(reason);
    expect(e.message.split("\n")[2].indexOf("^")).toBe(position + 2);
  });
});

describe("LIKE as GLOB", () => {
  it("translates wildcards and escapes, and quotes GLOB's own special characters", () => {
    expect(likeToGlob("agent%")).toBe("agent*");
    expect(likeToGlob("a_c")).toBe("a?c");
    expect(likeToGlob(String.raw`50\%\_off`)).toBe("50%_off");
    expect(likeToGlob("what?*[x]")).toBe("what[?][*][[]x]");
    expect(likeToGlob(String.raw`C:\\dir%`)).toBe(String.raw`C:\dir*`);
    expect(likeToGlob("😀_%")).toBe("😀?*");
  });
});

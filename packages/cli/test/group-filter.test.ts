import { describe, expect, it } from "vitest";
import { groupTracesFilter } from "../src/web/app/group-filter.js";

describe("groupTracesFilter", () => {
  it("selects a group's traces within the analysed filter and time range", () => {
    expect(groupTracesFilter("status = 'OK'", "trace.name", "it's", 10, 20)).toBe("status = 'OK' AND name = 'it''s' AND timestamp_ms >= 10 AND timestamp_ms < 20");
    expect(groupTracesFilter("", "status", "ERROR", null, null)).toBe("status = 'ERROR'");
    expect(groupTracesFilter("", "span.type", "TOOL", null, 5)).toBe("span.type = 'TOOL' AND timestamp_ms < 5");
    expect(groupTracesFilter(" ", "tags.framework", "langgraph", null, null)).toBe("tags.framework = 'langgraph'");
    expect(groupTracesFilter("", "metadata.mlflow.trace.user", "a\\b", null, null)).toBe("metadata.`mlflow.trace.user` = 'a\\\\b'");
  });

  it("has no filter for groups the grammar cannot select: models, missing values, keys with a backtick", () => {
    expect(groupTracesFilter("", "model", "gpt-4o-mini", null, null)).toBeUndefined();
    expect(groupTracesFilter("", "tags.framework", null, null, null)).toBeUndefined();
    expect(groupTracesFilter("", "tags.a`b", "x", null, null)).toBeUndefined();
  });
});

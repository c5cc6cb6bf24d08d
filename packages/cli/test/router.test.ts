import { describe, expect, it } from "vitest";
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

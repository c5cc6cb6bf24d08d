import { MemoryTraceStore, type SearchTracesOptions, type SearchTracesResult } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { PriceTable } from "../src/pricing/price-table.js";
import { UserError } from "../src/store-access.js";
import { queryTraces } from "../src/trace-query.js";

const prices = new PriceTable();

/** What queryTraces throws for a query, or undefined. */
function failureOf(store: MemoryTraceStore, query: Parameters<typeof queryTraces>[1]): unknown {
  try {
    queryTraces(store, query, prices);
    return undefined;
  } catch (err) {
    return err;
  }
}

/** A store with a bug: its search fails with a TypeError that has nothing to do with the query. */
class BrokenStore extends MemoryTraceStore {
  override searchTraces(_options?: SearchTracesOptions): SearchTracesResult {
    throw new TypeError("Cannot read properties of undefined (reading 'spans')");
  }
}

describe("queryTraces errors", () => {
  it("makes the store's own option errors bad usage (exit 2)", () => {
    const store = new MemoryTraceStore();
    for (const query of [{ pageToken: "garbage" }, { orderBy: "cost DESC", pageToken: "garbage" }, { maxResults: 0 }, { filter: "status = = 'OK'" }]) {
      const err = failureOf(store, query);
      expect([JSON.stringify(query), err instanceof UserError, (err as UserError).exitCode]).toEqual([JSON.stringify(query), true, 2]);
    }
    expect((failureOf(store, { filter: "status = = 'OK'" }) as UserError).position).toBe(9);
  });

  it("names every field a search can be ordered by, cost included", () => {
    const err = failureOf(new MemoryTraceStore(), { orderBy: "colour DESC" }) as UserError;
    expect([err.exitCode, err.message]).toEqual([
      2,
      'Invalid orderBy "colour DESC": use "<field> [ASC|DESC]" with field one of timestamp_ms, execution_time_ms, name, status, total_tokens, cost',
    ]);
  });

  it("lets any other TypeError through as the internal error it is", () => {
    const err = failureOf(new BrokenStore(), {});
    expect(err).toBeInstanceOf(TypeError);
    expect(err).not.toBeInstanceOf(UserError);
    expect((err as Error).message).toBe("Cannot read properties of undefined (reading 'spans')");
    expect(failureOf(new BrokenStore(), { orderBy: "cost DESC" })).not.toBeInstanceOf(UserError);
  });
});

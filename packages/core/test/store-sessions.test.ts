import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configure, flush, MemoryTraceStore, SqliteTraceStore, SpanType, updateCurrentTrace, withSpan, type TraceJSON, type TraceStore } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-sessions-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Turn i: session "s<i % 3>", user "u<i>" (so a session's latest user is its last turn's), tokens 10·i, every 4th fails. */
async function recordTurns(): Promise<TraceJSON[]> {
  await configure({ trackingUri: "memory:" });
  for (let i = 0; i < 10; i++) {
    await withSpan({ name: `turn_${i}`, spanType: SpanType.AGENT }, async () => {
      if (i < 9) updateCurrentTrace({ session: `s${i % 3}`, user: `u${i}` });
      await withSpan({ name: "llm", spanType: SpanType.CHAT_MODEL }, (llm) => llm.setTokenUsage({ input_tokens: 4 * i, output_tokens: 6 * i }));
      if (i % 4 === 0) throw new Error("bad turn");
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 3));
  }
  const store = (await import("../src/runtime.js")).getRuntime().store!;
  await flush();
  return store.searchTraces({ maxResults: 100, orderBy: ["timestamp_ms ASC"] }).traces.map((t) => t.toJSON());
}

let turns: TraceJSON[];
beforeAll(async () => {
  turns = await recordTurns();
});

const at = (i: number) => Date.parse(turns[i].info.request_time);

describe.each([
  ["memory", () => new MemoryTraceStore()],
  ["sqlite", () => new SqliteTraceStore(join(dir, `sessions-${Math.random()}.db`))],
] as [string, () => TraceStore][])("%s store: listSessions", (_kind, open) => {
  it("groups traces by mlflow.trace.session, most recently active first, with counts, errors, tokens and the latest user", () => {
    const store = open();
    store.writeTraces(turns);
    expect(store.listSessions()).toEqual([
      { sessionId: "s2", user: "u8", traceCount: 3, errorCount: 1, firstTimestampMs: at(2), lastTimestampMs: at(8), totalTokens: 10 * (2 + 5 + 8) },
      { sessionId: "s1", user: "u7", traceCount: 3, errorCount: 1, firstTimestampMs: at(1), lastTimestampMs: at(7), totalTokens: 10 * (1 + 4 + 7) },
      { sessionId: "s0", user: "u6", traceCount: 3, errorCount: 1, firstTimestampMs: at(0), lastTimestampMs: at(6), totalTokens: 10 * (0 + 3 + 6) },
    ]);
    expect(store.listSessions({ maxResults: 1 }).map((s) => s.sessionId)).toEqual(["s2"]);
    expect(store.listSessions({ experimentIds: ["42"] })).toEqual([]);
    expect(store.listSessions({ experimentIds: ["0"] })).toHaveLength(3);
    expect(() => store.listSessions({ maxResults: 0 })).toThrow(RangeError);
    store.close();
  });

  it("finds a session's turns with the filter grammar, oldest first", () => {
    const store = open();
    store.writeTraces(turns);
    const page = store.searchTraces({ filter: "metadata.`mlflow.trace.session` = 's1'", orderBy: ["timestamp_ms ASC"] });
    expect(page.traces.map((t) => t.info.name)).toEqual(["turn_1", "turn_4", "turn_7"]);
    store.close();
  });

  it("answers an empty list for a store without sessions", () => {
    const store = open();
    store.writeTraces(turns.slice(9));
    expect(store.listSessions()).toEqual([]);
    store.close();
  });
});

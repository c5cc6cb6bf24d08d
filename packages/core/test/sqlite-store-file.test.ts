import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { SqliteTraceStore, TraceStoreFileError, type StoreUpgradeEvent, type TraceJSON } from "../src/index.js";
import { openSqlite } from "../src/store/sqlite/open-sqlite.js";
import { APPLICATION_ID, SCHEMA_VERSION } from "../src/store/sqlite/schema.js";
import { writeSchema1Store } from "./fixtures/store/schema-1.js";
import { specTrace, STATS_CORPUS } from "./fixtures/store/stats-corpus.js";
import { copyFileSync } from "node:fs";
import { MemoryTraceStore } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-store-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reference = ["agent-tools", "chat-llm", "error"].map(
  (name) => JSON.parse(readFileSync(join(__dirname, "fixtures", "mlflow-reference", `${name}.json`), "utf8")) as TraceJSON,
);
const digest = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const siblings = (path: string) => ["-wal", "-shm", "-journal"].filter((s) => existsSync(path + s));

/** Opening `path` fails with a TraceStoreFileError of `reason` naming it, and the file stays byte for byte as it was. */
function expectUntouchedRefusal(path: string, reason: TraceStoreFileError["reason"], message: RegExp, readonly = false): void {
  // A reader of a WAL-mode file (schema 1 set WAL) makes SQLite's -wal/-shm beside it; other files get none.
  const wal = readFileSync(path).subarray(18, 20).equals(Buffer.from([2, 2]));
  const before = digest(path);
  let error: unknown;
  try {
    new SqliteTraceStore(path, { readonly }).close();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(TraceStoreFileError);
  expect((error as TraceStoreFileError).reason).toBe(reason);
  expect((error as Error).message).toContain(path);
  expect((error as Error).message).toMatch(message);
  expect(digest(path)).toBe(before);
  if (!wal) expect(siblings(path)).toEqual([]);
}

describe("SQLite store file ownership", () => {
  it("never modifies a SQLite file that is not a traceloom store", () => {
    const path = join(dir, "someone-else.db");
    const db = openSqlite(path);
    db.exec("CREATE TABLE traces (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO traces (note) VALUES ('not ours');");
    db.close();
    expectUntouchedRefusal(path, "foreign", /traceloom did not create/);
    expectUntouchedRefusal(path, "foreign", /traceloom did not create/, true);
  });

  it("never modifies a store written by a newer traceloom", () => {
    const path = join(dir, "newer.db");
    new SqliteTraceStore(path).close();
    const db = openSqlite(path);
    db.exec(`PRAGMA journal_mode = DELETE; PRAGMA user_version = ${SCHEMA_VERSION + 1};`);
    db.close();
    expectUntouchedRefusal(path, "newer-schema", /newer traceloom/);
  });

  it("names a corrupted file in its error, leaves it untouched, and the traced program carries on", () => {
    const path = join(dir, "corrupted.db");
    writeFileSync(path, Buffer.concat([Buffer.from("SQLite format 3\0"), Buffer.alloc(8192, 0xab)]));
    expectUntouchedRefusal(path, "not-sqlite", /not a readable SQLite database/);
    const garbage = join(dir, "garbage.db");
    writeFileSync(garbage, "this is a text file, not a database\n".repeat(200));
    expectUntouchedRefusal(garbage, "not-sqlite", /not a readable SQLite database/);

    const program = `import { configure, flush, withSpan } from ${JSON.stringify(join(__dirname, "../dist/index.js"))};
      await configure({ trackingUri: ${JSON.stringify(path)} });
      const out = withSpan("work", () => 21 * 2);
      await flush();
      console.log("result", out);`;
    const before = digest(path);
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", program], { encoding: "utf8", timeout: 30_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("result 42");
    expect(run.stderr).toContain(path);
    expect(digest(path)).toBe(before);
  });

  it("creates a store in an empty file and marks it as traceloom's", () => {
    const path = join(dir, "empty.db");
    writeFileSync(path, "");
    const store = new SqliteTraceStore(path);
    store.writeTraces([reference[0]]);
    store.close();
    const db = openSqlite(path, { readonly: true });
    expect(db.prepare("PRAGMA application_id").get()).toEqual({ application_id: APPLICATION_ID });
    expect(db.prepare("PRAGMA user_version").get()).toEqual({ user_version: SCHEMA_VERSION });
    db.close();
  });
});

describe("SQLite binding", () => {
  it("uses node:sqlite from Node 22.13 on (no warning printed), better-sqlite3 before", () => {
    const [major, minor] = process.versions.node.split(".").map(Number);
    const expected = major > 22 || (major === 22 && minor >= 13) ? "node:sqlite" : "better-sqlite3";
    const program = `import { SqliteTraceStore } from ${JSON.stringify(join(__dirname, "../dist/index.js"))};
      const store = new SqliteTraceStore(${JSON.stringify(join(dir, "binding.db"))});
      console.log(store.binding);
      store.close();`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", program], { encoding: "utf8", timeout: 30_000 });
    expect([run.status, run.stdout.trim(), run.stderr]).toEqual([0, expected, ""]);
  });
});

describe("SQLite store migrations", () => {
  it("migrates a schema-2 store (written by the previous release) to schema 3: data kept, stats and free text work", () => {
    // test/fixtures/store/schema-2-stats.db: STATS_CORPUS written by traceloom's SqliteTraceStore at schema 2 (before
    // span rows and the free-text index), journal mode switched to DELETE so it is one file.
    const path = join(dir, "schema-2.db");
    copyFileSync(join(__dirname, "fixtures/store/schema-2-stats.db"), path);
    expectUntouchedRefusal(path, "needs-upgrade", /older traceloom \(store schema 2\)/, true);

    const heard: StoreUpgradeEvent[] = [];
    const store = new SqliteTraceStore(path, { onUpgrade: (e) => heard.push(e) });
    expect(heard.map(({ elapsedMs, ...rest }) => ({ ...rest, timed: elapsedMs !== undefined && elapsedMs >= 0 }))).toEqual([
      { phase: "start", path, fromVersion: 2, toVersion: SCHEMA_VERSION, traces: STATS_CORPUS.length, timed: false },
      { phase: "done", path, fromVersion: 2, toVersion: SCHEMA_VERSION, traces: STATS_CORPUS.length, timed: true },
    ]);
    const corpus = STATS_CORPUS.map(specTrace);
    for (const trace of corpus) expect(store.getTrace(trace.info.trace_id)!.toJSON()).toEqual(trace);
    const fresh = new MemoryTraceStore();
    fresh.writeTraces(corpus);
    for (const groupBy of ["none", "tags.framework", "model", "span.type", "span.name"]) {
      expect(store.traceStats({ groupBy, bucketMs: 60_000 })).toEqual(fresh.traceStats({ groupBy, bucketMs: 60_000 }));
    }
    expect(store.countTraces({ filter: '"golden gate"' })).toBe(1);
    expect(store.countTraces({ filter: "paris AND span.type = 'CHAT_MODEL'" })).toBe(2);
    store.close();
    fresh.close();

    const db = openSqlite(path, { readonly: true });
    expect(db.prepare("PRAGMA user_version").get()).toEqual({ user_version: SCHEMA_VERSION });
    expect(db.prepare("SELECT count(*) AS n FROM spans").get()).toEqual({ n: 14 });
    db.close();
  });

  it("says on stderr that it upgrades an older store, and when it is done; a throwing listener does not stop it", () => {
    const path = join(dir, "schema-2-notice.db");
    copyFileSync(join(__dirname, "fixtures/store/schema-2-stats.db"), path);
    const again = join(dir, "schema-2-throwing.db");
    copyFileSync(join(__dirname, "fixtures/store/schema-2-stats.db"), again);
    const warned: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation((line: string) => void warned.push(line));
    try {
      new SqliteTraceStore(path).close();
      new SqliteTraceStore(path).close();
      const store = new SqliteTraceStore(again, {
        onUpgrade: () => {
          throw new Error("listener broke");
        },
      });
      expect(store.countTraces({})).toBe(STATS_CORPUS.length);
      store.close();
    } finally {
      warn.mockRestore();
    }
    expect(warned).toHaveLength(3);
    expect(warned[0]).toBe(
      `[traceloom] Upgrading the store at ${path} from schema 2 to ${SCHEMA_VERSION} (${STATS_CORPUS.length} traces): a one-time step, tens of seconds per 100,000 traces…`,
    );
    expect(warned[1]).toMatch(new RegExp(`^\\[traceloom\\] Store at .*schema-2-notice\\.db upgraded to schema ${SCHEMA_VERSION} in \\d+\\.\\d s \\(${STATS_CORPUS.length} traces\\)\\.$`));
    expect(warned[2]).toMatch(/^\[traceloom\] the store's onUpgrade listener threw; the upgrade goes on: Error: listener broke/);
  });

  it("migrates a schema-1 store (traceloom 0.1) with every trace, tag and span intact and searchable", () => {
    const path = join(dir, "schema-1.db");
    writeSchema1Store(path, reference);
    expectUntouchedRefusal(path, "needs-upgrade", /older traceloom \(store schema 1\)/, true);

    const store = new SqliteTraceStore(path);
    for (const trace of reference) expect(store.getTrace(trace.info.trace_id)!.toJSON()).toEqual(trace);
    expect(store.countTraces()).toBe(3);
    expect(store.countTraces({ filter: "span.type = 'TOOL'" })).toBe(reference.filter((t) => JSON.stringify(t).includes('\\"TOOL\\"')).length);
    expect(store.countTraces({ filter: "status = 'ERROR'" })).toBe(reference.filter((t) => t.info.state === "ERROR").length);
    const tag = Object.entries(reference[1].info.tags)[0];
    expect(store.searchTraces({ filter: `tags.\`${tag[0]}\` = '${tag[1]}'` }).traces.map((t) => t.traceId)).toContain(reference[1].info.trace_id);
    store.close();

    const db = openSqlite(path, { readonly: true });
    const tables = db.prepare<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name);
    expect(tables.filter((t) => !t.startsWith("trace_text_"))).toEqual(["experiments", "fields", "payloads", "runs", "spans", "terms", "trace_text", "traces"]);
    expect(db.prepare("PRAGMA user_version").get()).toEqual({ user_version: SCHEMA_VERSION });
    db.close();
    // Opening the migrated store again changes nothing.
    const before = digest(path);
    new SqliteTraceStore(path, { readonly: true }).close();
    expect(digest(path)).toBe(before);
  });
});

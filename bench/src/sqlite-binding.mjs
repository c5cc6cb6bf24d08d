/**
 * node:sqlite against better-sqlite3 on the same Node, on the store's kinds of work: batched inserts of trace-sized
 * rows in transactions, point reads by key, an index scan with a count, a LIKE scan. Medians of 5 rounds per binding,
 * rounds interleaved. Runs alone: `bash ../scripts/with-node.sh 24 node src/sqlite-binding.mjs` (Node 22.13+; prints JSON).
 */
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median } from "./stats.mjs";
import { msSince, now } from "./clock.mjs";

const requireHere = createRequire(import.meta.url);
const ROWS = 20_000;
const BATCH = 128;
const ROUNDS = 5;

/** The two bindings behind one small interface: exec, prepare(all/get/run), close. */
function bindings() {
  const out = {};
  const coreRequire = createRequire(requireHere.resolve("@traceloom/core"));
  let Better;
  try {
    // core's devDependency (better-sqlite3 12); on Node 22/24 run this with scripts/with-node.sh, which builds it for that Node.
    Better = coreRequire("better-sqlite3");
  } catch (err) {
    throw new Error(`better-sqlite3 does not load on Node ${process.version}: run \`bash scripts/with-node.sh <major> node src/sqlite-binding.mjs\` (${err.message.split("\n")[0]})`);
  }
  out["better-sqlite3"] = (path) => new Better(path);
  const nodeSqlite = process.getBuiltinModule?.("node:sqlite");
  if (nodeSqlite) out["node:sqlite"] = (path) => new nodeSqlite.DatabaseSync(path);
  return out;
}

function round(open, dir, name, i) {
  const path = join(dir, `${name.replace(/\W/g, "")}-${i}.db`);
  const db = open(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, kind TEXT, ts INTEGER, body BLOB)");
  db.exec("CREATE INDEX t_kind ON t (kind, ts)");
  const insert = db.prepare("INSERT INTO t (k, kind, ts, body) VALUES (?, ?, ?, ?)");
  const body = Buffer.alloc(3000, 7);
  const kinds = ["LLM", "TOOL", "CHAIN", "AGENT", "RETRIEVER"];
  let t = now();
  for (let b = 0; b < ROWS; b += BATCH) {
    db.exec("BEGIN IMMEDIATE");
    for (let j = b; j < b + BATCH && j < ROWS; j++) insert.run(`tr-${j.toString(16).padStart(32, "0")}`, kinds[j % 5], j, body);
    db.exec("COMMIT");
  }
  const insertMs = msSince(t);
  const get = db.prepare("SELECT body FROM t WHERE k = ?");
  t = now();
  for (let j = 0; j < ROWS; j += 2) get.get(`tr-${j.toString(16).padStart(32, "0")}`);
  const pointMs = msSince(t);
  const count = db.prepare("SELECT count(*) AS n FROM t WHERE kind = ?");
  t = now();
  for (const k of kinds) count.get(k);
  const countMs = msSince(t);
  const like = db.prepare("SELECT id, k, ts FROM t WHERE k LIKE ? ORDER BY ts DESC LIMIT 50");
  t = now();
  for (let j = 0; j < 20; j++) like.all(`%${j}f%`);
  const likeMs = msSince(t);
  db.close();
  return { insertMs, pointMs, countMs, likeMs };
}

const dir = mkdtempSync(join(tmpdir(), "tl-binding-"));
try {
  const all = bindings();
  const samples = Object.fromEntries(Object.keys(all).map((n) => [n, []]));
  for (let i = 0; i < ROUNDS; i++) for (const [name, open] of Object.entries(all)) samples[name].push(round(open, dir, name, i));
  const result = { node: process.version, rows: ROWS };
  for (const [name, rs] of Object.entries(samples)) {
    result[name] = Object.fromEntries(Object.keys(rs[0]).map((k) => [k, Number(median(rs.map((r) => r[k])).toFixed(1))]));
  }
  process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

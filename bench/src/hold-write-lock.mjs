/**
 * Another process holding a SQLite file's write lock: takes it, prints "locked", holds it for argv[3] ms (blocking,
 * as a long transaction would), commits. node:sqlite where this Node has it, else better-sqlite3 (as the store does).
 */
import { createRequire } from "node:module";

const [, , dbPath, holdMs] = process.argv;
const requireFromCore = createRequire(createRequire(import.meta.url).resolve("@traceloom/core"));
let sqlite;
try {
  sqlite = requireFromCore("node:sqlite");
} catch {
  sqlite = undefined;
}
const db = sqlite?.DatabaseSync ? new sqlite.DatabaseSync(dbPath) : new (requireFromCore("better-sqlite3"))(dbPath);
db.exec("BEGIN IMMEDIATE");
process.stdout.write("locked\n");
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(holdMs));
db.exec("COMMIT");
db.close();

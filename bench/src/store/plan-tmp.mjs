import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const Database = require("/work/wt-store-query/packages/core/node_modules/better-sqlite3");
const db = new Database(process.argv[2], { readonly: true });
db.pragma("case_sensitive_like = ON");
let calls = 0;
db.function("tl_continue", { deterministic: false }, () => { calls++; return 1; });
const fid = (n) => db.prepare("SELECT id FROM fields WHERE name = ?").get(n).id;
const T = fid("span.type");
const queries = {
  typeFn: [`SELECT count(*) n FROM traces t WHERE t.id IN (SELECT x.trace_pk FROM terms x WHERE x.field = ? AND x.value = ? AND tl_continue()) AND tl_continue()`, [T, "TOOL"]],
  typeNoFn: [`SELECT count(*) n FROM traces t WHERE t.id IN (SELECT x.trace_pk FROM terms x WHERE x.field = ? AND x.value = ?)`, [T, "TOOL"]],
  typeMask: [`SELECT count(*) n FROM traces t WHERE t.id IN (SELECT x.trace_pk FROM terms x WHERE x.field = ? AND x.value = ? AND ((x.trace_pk & 1023) != 0 OR tl_continue())) AND ((t.id & 255) != 0 OR tl_continue())`, [T, "TOOL"]],
  pageTypeNoFn: [`SELECT t.id FROM traces t WHERE t.id IN (SELECT x.trace_pk FROM terms x WHERE x.field = ? AND x.value = ?) ORDER BY t.timestamp_ms DESC, t.trace_id LIMIT 51`, [T, "TOOL"]],
  pageTypeNoFnId: [`SELECT t.id FROM traces t WHERE t.id IN (SELECT x.trace_pk FROM terms x WHERE x.field = ? AND x.value = ?) ORDER BY t.timestamp_ms DESC, t.id DESC LIMIT 51`, [T, "TOOL"]],
  pagePlus: [`SELECT t.id FROM traces t WHERE +t.id IN (SELECT x.trace_pk FROM terms x WHERE x.field = ? AND x.value = ?) ORDER BY t.timestamp_ms DESC, t.id DESC LIMIT 51`, [T, "TOOL"]],
  nameLike: [`SELECT t.id FROM traces t WHERE t.name LIKE ? ESCAPE '\\' ORDER BY t.timestamp_ms DESC, t.trace_id LIMIT 51`, ["code%"]],
  nameLikeNoEsc: [`SELECT t.id FROM traces t WHERE t.name LIKE ? ORDER BY t.timestamp_ms DESC, t.trace_id LIMIT 51`, ["code%"]],
  all: [`SELECT t.id FROM traces t WHERE 1 ORDER BY t.timestamp_ms DESC, t.trace_id LIMIT 51`, []],
  allId: [`SELECT t.id FROM traces t WHERE 1 ORDER BY t.timestamp_ms DESC, t.id DESC LIMIT 51`, []],
};
for (const [k, [sql, p]] of Object.entries(queries)) {
  const st = db.prepare(sql);
  calls = 0;
  const runs = [];
  for (let i = 0; i < 3; i++) { const t = performance.now(); st.all(...p); runs.push(performance.now() - t); }
  const plan = db.prepare("EXPLAIN QUERY PLAN " + sql).all(...p).map((r) => r.detail).join(" | ");
  console.log(k.padEnd(16), runs.map((r) => r.toFixed(0)).join(","), "calls", calls / 3, " ", plan);
}

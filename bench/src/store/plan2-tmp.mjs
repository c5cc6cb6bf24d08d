import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const Database = require("/work/wt-store-query/packages/core/node_modules/better-sqlite3");
const db = new Database(process.argv[2], { readonly: true });
db.pragma("case_sensitive_like = ON");
db.function("tl_continue", { deterministic: false }, () => 1);
for (const sql of [
  "SELECT t.id FROM traces t WHERE ((t.id & 255) != 0 OR tl_continue()) AND 1 AND (+t.id IN (SELECT l.id FROM traces l WHERE ((l.id & 255) != 0 OR tl_continue()) AND l.request_preview LIKE '%zzz%' ESCAPE '\\')) ORDER BY t.timestamp_ms DESC, t.id DESC LIMIT 51",
  "SELECT count(*) FROM traces l WHERE l.request_preview LIKE '%zzz%'",
  "SELECT count(*) FROM traces l INDEXED BY traces_by_request_preview WHERE l.request_preview LIKE '%zzz%'",
  "SELECT count(*) FROM traces l INDEXED BY traces_by_response_preview WHERE lower(l.response_preview) LIKE lower('ab%')",
]) {
  const runs = [];
  for (let i = 0; i < 3; i++) { const t = performance.now(); db.prepare(sql).all(); runs.push((performance.now() - t).toFixed(0)); }
  console.log(runs.join(","), db.prepare("EXPLAIN QUERY PLAN " + sql).all().map((r) => r.detail).join(" | "));
}
console.log(db.prepare("select sum(length(request_preview)) a, sum(length(response_preview)) b from traces").get());

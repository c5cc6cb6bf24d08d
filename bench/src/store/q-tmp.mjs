import { SqliteTraceStore } from "@traceloom/core";
const store = new SqliteTraceStore(process.argv[2], { readonly: true });
const filters = [
  "", "status = 'ERROR'", "name = 'code_agent'", "name LIKE 'code%'", "timestamp_ms > 1761000000000", "execution_time_ms > 4000",
  "trace_id = 'tr-00000000000000000000000000000000'", "client_request_id = 'req-777'", "request_preview LIKE '%zzz%'", "response_preview ILIKE 'ab%'",
  "input_tokens > 3000", "output_tokens < 100", "total_tokens > 4000",
  "tags.env = 'prod'", "tags.release LIKE 'v1.3%'", "metadata.`mlflow.trace.user` = 'user-7'", "span.name = 'get_weather'", "span.type = 'TOOL'", "span.status = 'ERROR'",
  "status = 'ERROR' AND span.type = 'TOOL'", "span.name ILIKE '%weather%'",
];
for (const filter of filters) {
  let t = performance.now();
  const page = store.searchTraces({ filter, maxResults: 50 });
  const first = performance.now() - t;
  t = performance.now();
  const n = store.countTraces({ filter });
  const count = performance.now() - t;
  console.log(`${first.toFixed(0).padStart(6)} ms page(${page.traces.length})  ${count.toFixed(0).padStart(6)} ms count=${n}  ${filter}`);
}

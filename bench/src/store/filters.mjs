import { corpusTrace } from "./corpus.mjs";

/** Words of one corpus question: common words of the generated prose (its vocabulary is skewed to the first words). */
const QUESTION = corpusTrace(1).info.request_preview.split(" ");

/**
 * The filters the store benchmark times: every field of the grammar once (trace columns, tags, metadata, span name,
 * type and status), the operators that read a whole column (LIKE with a leading wildcard, ILIKE, IN, !=), and the
 * viewer's own example `status = 'ERROR' AND span.type = 'TOOL'`, and free text (a word, a phrase, `trace.text LIKE`,
 * a word with another clause). Values fit the generated corpus (corpus.mjs).
 */
export const STORE_FILTERS = [
  "(none)",
  "status = 'ERROR'",
  "name = 'code_agent'",
  "timestamp_ms > 1760000000000",
  "execution_time_ms > 4000",
  "trace_id = 'tr-00000000000000000000000000000000'",
  "client_request_id = 'req-777'",
  "request_preview LIKE '%zzz%'",
  "response_preview ILIKE 'ab%'",
  "input_tokens > 3000",
  "output_tokens < 100",
  "total_tokens >= 4000",
  "tags.env = 'prod'",
  "tags.release IN ('v1.3', 'v1.30')",
  "metadata.`mlflow.trace.user` = 'user-7'",
  "metadata.`mlflow.trace.session` != 'session-1'",
  "span.name = 'get_weather'",
  "span.name ILIKE '%weather%'",
  "span.type = 'TOOL'",
  "span.status = 'ERROR'",
  "status = 'ERROR' AND span.type = 'TOOL'",
  QUESTION[0],
  `"${QUESTION[1]} ${QUESTION[2]}"`,
  `trace.text LIKE '%${QUESTION[3]} ${QUESTION[4]}%'`,
  `${QUESTION[0]} AND status = 'ERROR'`,
];

/**
 * The stats the store benchmark times (`traceStats` options): every grouping, a filter, a time range, and series by
 * hour of the total, a tag and each span-level grouping (the viewer's Analysis page always asks for a series).
 */
export const STATS_QUERIES = [
  {},
  { groupBy: "trace.name" },
  { groupBy: "status" },
  { groupBy: "tags.env" },
  { groupBy: "metadata.mlflow.trace.user" },
  { groupBy: "model" },
  { groupBy: "span.type" },
  { groupBy: "span.name" },
  { groupBy: "model", filter: "status = 'ERROR'" },
  { groupBy: "tags.env", startTimeMs: Date.UTC(2026, 9, 1, 12), endTimeMs: Date.UTC(2026, 9, 1, 18) },
  { groupBy: "tags.env", bucketMs: 3_600_000 },
  { bucketMs: 3_600_000 },
  { groupBy: "model", bucketMs: 3_600_000 },
  { groupBy: "span.type", bucketMs: 3_600_000 },
  { groupBy: "span.name", bucketMs: 3_600_000 },
];

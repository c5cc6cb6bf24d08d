/** `PRAGMA application_id` of a traceloom store ("TLOM"): what marks a file as ours before anything is written. */
export const APPLICATION_ID = 0x544c4f4d;

/** Version written to `PRAGMA user_version`; bump with a migration (migrations.ts) when the layout changes. */
export const SCHEMA_VERSION = 3;

/**
 * Tables schema 3 adds to schema 2 (migrations.ts creates them in a schema-2 file).
 * - `traces_for_stats`: every column stats read of a trace, so they scan this index, not the rows (which hold the
 *   request and response previews).
 * - `spans`: one small row per span — name, type, status, duration (µs), model and token usage — keyed by its
 *   trace's row key, so a trace's spans (for stats over the traces a filter selects, or its deletion) are one index
 *   range. No other index: span filters use `terms`, and stats read the spans of the selected traces. The span's
 *   JSON stays in `payloads`.
 * - `trace_text`: the free-text index (FTS5, contentless: it keeps word positions, not the text), one document per
 *   trace (rowid = its row key) holding the words of text-words.ts, already lower-cased and split, joined by
 *   spaces — so the `ascii` tokenizer only splits on spaces, and the memory store matches exactly the same words.
 * - `runs`: one row per local run (`startRun`/`withRun`) — its name, status, times, parent, params and tags (JSON
 *   objects) — written when it starts and when it ends; its traces point at it with `mlflow.sourceRun` metadata.
 */
export const SCHEMA_3_SQL = `
CREATE INDEX traces_for_stats ON traces (timestamp_ms, state, execution_time_ms, input_tokens, output_tokens, total_tokens, name, experiment_id);
CREATE TABLE spans (
  trace_pk INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  duration_us INTEGER,
  model TEXT,
  input_tokens INTEGER,
  output_tokens INTEGER,
  total_tokens INTEGER,
  PRIMARY KEY (trace_pk, seq)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE trace_text USING fts5(words, content='', contentless_delete=1, tokenize='ascii');
CREATE TABLE runs (
  run_id TEXT PRIMARY KEY,
  experiment_id TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  start_time_ms INTEGER NOT NULL,
  end_time_ms INTEGER,
  parent_run_id TEXT,
  params TEXT NOT NULL,
  tags TEXT NOT NULL
);
CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time_ms);
`;

/**
 * The store's tables (schema 3: schema 2's below, then {@link SCHEMA_3_SQL}).
 * - `traces`: one small row per trace with the searchable columns, each with an index, so any filter on them and
 *   any order is an index walk. The payload lives apart in `payloads` (compressed JSON), so scans of `traces` never
 *   read it.
 * - `terms`: one row per distinct (field, value) of a trace — tags, metadata, span names, types and statuses — keyed
 *   field-first, so `span.type = 'TOOL'` or `tags.env = 'prod'` is one index range, whatever the store's size. Field
 *   names are interned in `fields`. A trace's terms are derived from its payload, so they need no second index to
 *   be deleted.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS experiments (
  experiment_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  creation_time_ms INTEGER NOT NULL
);
CREATE TABLE traces (
  id INTEGER PRIMARY KEY,
  trace_id TEXT NOT NULL UNIQUE,
  experiment_id TEXT NOT NULL,
  client_request_id TEXT,
  timestamp_ms INTEGER NOT NULL,
  execution_time_ms INTEGER,
  state TEXT NOT NULL,
  name TEXT,
  request_preview TEXT,
  response_preview TEXT,
  input_tokens INTEGER,
  output_tokens INTEGER,
  total_tokens INTEGER
);
CREATE INDEX traces_by_time ON traces (timestamp_ms);
CREATE INDEX traces_by_experiment ON traces (experiment_id, timestamp_ms);
CREATE INDEX traces_by_state ON traces (state, timestamp_ms);
CREATE INDEX traces_by_name ON traces (name, timestamp_ms);
CREATE INDEX traces_by_execution_time ON traces (execution_time_ms);
CREATE INDEX traces_by_client_request_id ON traces (client_request_id);
CREATE INDEX traces_by_request_preview ON traces (request_preview);
CREATE INDEX traces_by_response_preview ON traces (response_preview);
CREATE INDEX traces_by_input_tokens ON traces (input_tokens);
CREATE INDEX traces_by_output_tokens ON traces (output_tokens);
CREATE INDEX traces_by_total_tokens ON traces (total_tokens);
CREATE TABLE payloads (
  trace_pk INTEGER PRIMARY KEY,
  info BLOB NOT NULL,
  spans BLOB NOT NULL
);
CREATE TABLE fields (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE terms (
  field INTEGER NOT NULL,
  value TEXT NOT NULL,
  trace_pk INTEGER NOT NULL,
  PRIMARY KEY (field, value, trace_pk)
) WITHOUT ROWID;
${SCHEMA_3_SQL}`;

/** Version written to `PRAGMA user_version`; bump with a migration when the layout changes. */
export const SCHEMA_VERSION = 1;

/**
 * Tables of the embedded store. `traces.info_json` / `spans.content` hold the MLflow JSON; the rest is index.
 * `spans` is a rowid table: its multi-KB rows are appended in insertion order, while the (random) trace IDs live only
 * in the primary-key index — keyed by them, every insert would split pages in the middle of the table.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS experiments (
  experiment_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  creation_time_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS traces (
  trace_id TEXT PRIMARY KEY,
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
  total_tokens INTEGER,
  info_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS traces_by_experiment_time ON traces (experiment_id, timestamp_ms DESC);
CREATE INDEX IF NOT EXISTS traces_by_time ON traces (timestamp_ms DESC);
CREATE TABLE IF NOT EXISTS trace_tags (
  trace_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (trace_id, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS trace_metadata (
  trace_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (trace_id, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS spans (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  start_ns INTEGER NOT NULL,
  content TEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX IF NOT EXISTS spans_by_name ON spans (name);
CREATE INDEX IF NOT EXISTS spans_by_type ON spans (type);
`;

/** Where an MLflow tracking server is and how to authenticate to it. Never logged: `headers` hold credentials. */
export interface MlflowConnection {
  /** Base URL without credentials or trailing slash, e.g. `http://mlflow:5000` or `https://x.cloud.databricks.com`. */
  host: string;
  /** Authorization headers (may be empty). */
  headers: Record<string, string>;
  /** True for a Databricks workspace (trace data goes to cloud storage through signed URLs). */
  databricks: boolean;
}

function basicAuth(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` };
}

function databricksConnection(env: NodeJS.ProcessEnv): MlflowConnection {
  const rawHost = env.DATABRICKS_HOST?.trim();
  if (!rawHost) throw new TypeError("MLFLOW_TRACKING_URI is databricks but DATABRICKS_HOST is not set");
  const host = (/^https?:\/\//i.test(rawHost) ? rawHost : `https://${rawHost}`).replace(/\/+$/, "");
  const token = env.DATABRICKS_TOKEN?.trim();
  if (!token) throw new TypeError("MLFLOW_TRACKING_URI is databricks but DATABRICKS_TOKEN is not set");
  return { host, headers: { authorization: `Bearer ${token}` }, databricks: true };
}

/**
 * Resolves a remote tracking URI: `http(s)://[user:pass@]host[:port][/prefix]` (auth from the URL, or
 * `MLFLOW_TRACKING_TOKEN` as a bearer token, or `MLFLOW_TRACKING_USERNAME`/`MLFLOW_TRACKING_PASSWORD`), or
 * `databricks` (host and token from `DATABRICKS_HOST` / `DATABRICKS_TOKEN`). Throws a TypeError naming what is
 * missing — never the credentials themselves.
 */
export function resolveMlflowConnection(uri: string, env: NodeJS.ProcessEnv = process.env): MlflowConnection {
  const trimmed = uri.trim();
  if (/^databricks(:|$)/i.test(trimmed)) return databricksConnection(env);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new TypeError("the MLflow tracking URI is not a valid URL");
  }
  let headers: Record<string, string> = {};
  if (url.username) headers = basicAuth(decodeURIComponent(url.username), decodeURIComponent(url.password));
  else if (env.MLFLOW_TRACKING_TOKEN) headers = { authorization: `Bearer ${env.MLFLOW_TRACKING_TOKEN}` };
  else if (env.MLFLOW_TRACKING_USERNAME && env.MLFLOW_TRACKING_PASSWORD) {
    headers = basicAuth(env.MLFLOW_TRACKING_USERNAME, env.MLFLOW_TRACKING_PASSWORD);
  }
  const host = `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, "");
  return { host, headers, databricks: false };
}

import type { SpanJSON } from "../../entities/span.js";
import { HttpExportError } from "../http/http-error.js";
import { requestJson } from "../http/http-request.js";
import type { MlflowConnection } from "./mlflow-connection.js";

/** Trace tag in which the server names where the trace's data goes. */
export const ARTIFACT_LOCATION_TAG = "mlflow.artifactLocation";
/** File holding the spans, as MLflow's clients name it. */
export const TRACE_DATA_FILE = "traces.json";

interface CredentialInfo {
  signed_uri: string;
  type: string;
  headers?: { name: string; value: string }[];
}

/**
 * The HTTP URL that receives `traces.json` for an artifact location the server returned: `mlflow-artifacts:/…`
 * (proxied by the tracking server under `/api/2.0/mlflow-artifacts/artifacts`) or a plain http(s) location.
 * Other locations (a server-local path, s3://…) cannot be written through the server: a permanent error.
 */
export function artifactUploadUrl(location: string, host: string): string {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new HttpExportError(`the server's artifact location is not a URI it proxies; start it with --serve-artifacts`, undefined, false);
  }
  if (url.protocol === "mlflow-artifacts:") {
    return `${host}/api/2.0/mlflow-artifacts/artifacts${url.pathname.replace(/\/+$/, "")}/${TRACE_DATA_FILE}`;
  }
  if (url.protocol === "http:" || url.protocol === "https:") return `${location.replace(/\/+$/, "")}/${TRACE_DATA_FILE}`;
  throw new HttpExportError(
    `the server's artifact location uses ${url.protocol}, which traceloom cannot write to; start the server with --serve-artifacts`,
    undefined,
    false,
  );
}

/** Uploads a trace's spans (`{"spans": [...]}`) where the server said they go. */
export async function uploadTraceData(args: {
  connection: MlflowConnection;
  traceId: string;
  tags: Record<string, string> | undefined;
  spans: SpanJSON[];
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<void> {
  const { connection, timeoutMs, signal } = args;
  const body = JSON.stringify({ spans: args.spans });
  if (connection.databricks) {
    await uploadToSignedUrl(connection, args.traceId, body, timeoutMs, signal);
    return;
  }
  const location = args.tags?.[ARTIFACT_LOCATION_TAG];
  if (!location) throw new HttpExportError(`the server returned no ${ARTIFACT_LOCATION_TAG} tag for ${args.traceId}`, undefined, false);
  await requestJson({ method: "PUT", url: artifactUploadUrl(location, connection.host), headers: connection.headers, body, timeoutMs, signal });
}

async function uploadToSignedUrl(connection: MlflowConnection, traceId: string, body: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const res = await requestJson<{ credential_info?: CredentialInfo }>({
    method: "GET",
    url: `${connection.host}/api/2.0/mlflow/traces/${encodeURIComponent(traceId)}/credentials-for-data-upload`,
    headers: connection.headers,
    timeoutMs,
    signal,
  });
  const cred = res?.credential_info;
  if (!cred?.signed_uri) throw new HttpExportError(`no upload credentials returned for ${traceId}`, undefined, true);
  const headers: Record<string, string> = {};
  for (const h of cred.headers ?? []) headers[h.name] = h.value;
  if (cred.type === "AZURE_SAS_URI") headers["x-ms-blob-type"] = "BlockBlob";
  else if (cred.type !== "AWS_PRESIGNED_URL" && cred.type !== "GCP_SIGNED_URL") {
    throw new HttpExportError(`upload credentials of type ${cred.type} are not supported`, undefined, false);
  }
  await requestJson({ method: "PUT", url: cred.signed_uri, headers, body, timeoutMs, signal });
}

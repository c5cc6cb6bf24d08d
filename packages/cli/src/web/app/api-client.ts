import type { ErrorResponse, InfoResponse } from "../../server/api-types.js";

/** A failed API call, with the filter position when the filter was at fault. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly position?: number,
  ) {
    super(message);
  }
}

/** GETs a viewer API route and parses its JSON; empty parameters are left out. */
export async function getJson<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
  const qs = query.toString();
  const res = await fetch(qs ? `${path}?${qs}` : path, { headers: { Accept: "application/json" } });
  const body = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as T | ErrorResponse;
  if (!res.ok) {
    const err = body as ErrorResponse;
    throw new ApiError(err.error ?? `HTTP ${res.status}`, res.status, err.position);
  }
  return body as T;
}

let info: Promise<InfoResponse> | undefined;

/** The server's `/api/info` (store, version, write token, reviewer), read once per page load. */
export function serverInfo(): Promise<InfoResponse> {
  info ??= getJson<InfoResponse>("/api/info").catch((err: unknown) => {
    info = undefined;
    throw err;
  });
  return info;
}

/** Sends a write (POST/PATCH/DELETE, a JSON body) with the server's write token; parses the JSON answer. */
export async function sendJson<T>(method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T> {
  const { writeToken } = await serverInfo();
  const res = await fetch(path, {
    method,
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-Traceloom-Token": writeToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as T | ErrorResponse;
  if (!res.ok) throw new ApiError((answer as ErrorResponse).error ?? `HTTP ${res.status}`, res.status);
  return answer as T;
}

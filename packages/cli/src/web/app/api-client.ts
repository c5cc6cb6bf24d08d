import type { ErrorResponse } from "../../server/api-types.js";

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

/** The parts of a `GoogleGenAI` client this package instruments. */
export interface ClientParts {
  /** The client's `Models` instance (also the one its chat sessions call). */
  models: object;
  /** The client's API client, which sends every request. */
  apiClient: object;
}

/** The API client methods through which a traced call's request is seen (see sent-request.ts). */
export const SEND_METHODS = ["request", "requestStream"] as const;

/** `client.models` and `client.apiClient` of a `GoogleGenAI` client (any major), if it has them. */
export function clientParts(client: unknown): ClientParts | undefined {
  if (typeof client !== "object" || client === null) return undefined;
  const c = client as { models?: unknown; apiClient?: unknown };
  if (typeof c.models !== "object" || c.models === null || typeof c.apiClient !== "object" || c.apiClient === null) return undefined;
  return { models: c.models, apiClient: c.apiClient };
}

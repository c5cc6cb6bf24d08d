/** Model ids listed by default by `GET /v1/models`. */
export const DEFAULT_MODELS = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "text-embedding-3-small", "gpt-3.5-turbo-instruct"];

/** Render one entry of the model list. */
export function modelObject(id: string, created: number) {
  return { id, object: "model", created, owned_by: "traceloom-testkit" };
}

/** Render `GET /v1/models`. */
export function renderModelList(ids: string[], created: number) {
  return { object: "list", data: ids.map((id) => modelObject(id, created)) };
}

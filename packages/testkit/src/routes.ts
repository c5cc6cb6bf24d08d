import type { Endpoint } from "./types.js";

/** Where a request goes. */
export type Route =
  | { kind: "scripted"; endpoint: Endpoint }
  | { kind: "models" }
  | { kind: "model"; id: string }
  | { kind: "wrong-method"; allowed: string }
  | { kind: "not-found" };

const SCRIPTED: Record<string, Endpoint> = {
  "/chat/completions": "chat",
  "/completions": "completions",
  "/responses": "responses",
  "/embeddings": "embeddings",
};

/** Route `method` + `path`; the `/v1` prefix is optional so clients configured either way work. */
export function route(method: string, path: string): Route {
  const p = (path.startsWith("/v1/") ? path.slice(3) : path).replace(/\/+$/, "");
  const endpoint = SCRIPTED[p];
  if (endpoint) return method === "POST" ? { kind: "scripted", endpoint } : { kind: "wrong-method", allowed: "POST" };
  if (p === "/models") return method === "GET" ? { kind: "models" } : { kind: "wrong-method", allowed: "GET" };
  if (p.startsWith("/models/") && p.length > "/models/".length) {
    const id = decodeURIComponent(p.slice("/models/".length));
    return method === "GET" ? { kind: "model", id } : { kind: "wrong-method", allowed: "GET" };
  }
  return { kind: "not-found" };
}

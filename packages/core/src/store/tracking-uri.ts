import { resolve } from "node:path";

/** Where a tracking URI points. */
export type TrackingTarget =
  | { kind: "memory" }
  | { kind: "sqlite"; path: string }
  | { kind: "remote"; uri: string };

/** The default store file, in the working directory. */
export const DEFAULT_TRACKING_URI = "traceloom.db";

/**
 * Reads a tracking URI: `memory:`, a plain file path, MLflow's `sqlite:///relative.db` / `sqlite:////abs/path.db`,
 * `file:///abs/path.db`, or a remote server (`http(s)://…`, `databricks`).
 */
export function parseTrackingUri(uri: string): TrackingTarget {
  const u = uri.trim();
  if (u === "" ) throw new TypeError("Empty tracking URI");
  if (u === "memory:" || u === ":memory:" || u === "memory") return { kind: "memory" };
  if (/^https?:\/\//i.test(u) || /^databricks(:|$)/i.test(u)) return { kind: "remote", uri: u };
  if (u.startsWith("sqlite://")) {
    const rest = u.slice("sqlite://".length);
    if (!rest.startsWith("/")) throw new TypeError(`Invalid SQLite URI "${uri}": expected sqlite:///relative.db or sqlite:////absolute.db`);
    const path = rest.slice(1);
    return { kind: "sqlite", path: resolve(path) };
  }
  if (u.startsWith("file://")) return { kind: "sqlite", path: resolve(decodeURIComponent(u.slice("file://".length))) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) throw new TypeError(`Unsupported tracking URI scheme in "${uri}"`);
  return { kind: "sqlite", path: resolve(u) };
}

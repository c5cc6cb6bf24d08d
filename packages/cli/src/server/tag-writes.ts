import type { IncomingMessage } from "node:http";
import type { TraceInfoJSON } from "@traceloom/core";
import { decodeSegment } from "../decode-segment.js";
import type { ApiResult } from "./api-routes.js";
import { BadBody, readJsonBody } from "./request-body.js";
import type { WriteContext } from "./assessment-writes.js";
import { withWritableStore } from "./writable-store.js";

const COLLECTION = /^\/api\/traces\/([^/]+)\/tags$/;
const ITEM = /^\/api\/traces\/([^/]+)\/tags\/([^/]+)$/;

/** MLflow's limits on a trace tag: key length, value length. */
const MAX_KEY_CHARS = 250;
const MAX_VALUE_CHARS = 4096;

/** Tag keys the viewer leaves alone: MLflow's own (`mlflow.traceName`…) and traceloom's (a run's record). */
const RESERVED = /^(mlflow|traceloom)\./i;

/** `PUT`-style answer of a tag write: the trace's tags after it. */
export interface TagsResponse {
  tags: Record<string, string>;
}

/** Whether a path is one of the tag write routes. */
export function isTagWritePath(path: string): boolean {
  return COLLECTION.test(path) || ITEM.test(path);
}

function error(status: number, message: string): ApiResult {
  return { status, body: { error: message } };
}

/** Why `key` cannot be written from the viewer, or undefined. */
function keyRefusal(key: unknown): string | undefined {
  if (typeof key !== "string" || key.trim() === "") return 'A tag needs a non-empty "key"';
  if (key !== key.trim()) return "A tag key cannot start or end with spaces";
  if (key.length > MAX_KEY_CHARS) return `A tag key has at most ${MAX_KEY_CHARS} characters`;
  if (RESERVED.test(key)) return `"${key}" is reserved: tags under mlflow.* and traceloom.* are kept by MLflow and traceloom and cannot be changed here`;
  return undefined;
}

/** Changes one trace's tags in the store; answers its tags after the change. */
function change(ctx: WriteContext, traceId: string, key: string, apply: (store: WriteContext["store"]) => void, mustExist: boolean): ApiResult {
  return withWritableStore(ctx.store, (store) => {
    const trace = store.getTrace(traceId);
    if (!trace) return error(404, `No trace ${traceId} in this store`);
    if (mustExist && !Object.hasOwn(trace.info.json.tags, key)) return error(404, `Trace ${traceId} has no tag "${key}"`);
    apply(store);
    const tags: TraceInfoJSON["tags"] = store.getTrace(traceId)!.info.json.tags;
    const body: TagsResponse = { tags };
    return { status: 200, body };
  });
}

function set(ctx: WriteContext, traceId: string, body: unknown): ApiResult {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return error(400, "The request body must be a JSON object");
  const { key, value } = body as Record<string, unknown>;
  const refusal = keyRefusal(key);
  if (refusal) return error(400, refusal);
  if (typeof value !== "string") return error(400, 'A tag needs a string "value"');
  if (value.length > MAX_VALUE_CHARS) return error(400, `A tag value has at most ${MAX_VALUE_CHARS} characters`);
  return change(ctx, traceId, key as string, (store) => store.setTraceTag(traceId, key as string, value), false);
}

function remove(ctx: WriteContext, traceId: string, key: string): ApiResult {
  const refusal = keyRefusal(key);
  if (refusal) return error(400, refusal);
  return change(ctx, traceId, key, (store) => store.deleteTraceTag(traceId, key), true);
}

/**
 * The viewer's tag writes (already checked by the write guard): `POST /api/traces/:id/tags` with `{ key, value }`
 * adds a tag or changes its value, `DELETE /api/traces/:id/tags/:key` removes it. Reserved keys (`mlflow.*`,
 * `traceloom.*`) are refused with a message that says why.
 */
export async function runTagWrite(ctx: WriteContext, req: IncomingMessage, path: string): Promise<ApiResult> {
  try {
    const item = ITEM.exec(path);
    const collection = COLLECTION.exec(path);
    const traceId = decodeSegment((item ?? collection)![1]);
    if (collection && req.method === "POST") return set(ctx, traceId, await readJsonBody(req));
    if (item && req.method === "DELETE") return remove(ctx, traceId, decodeSegment(item[2]));
    return error(405, `${req.method} is not allowed on ${path}`);
  } catch (err) {
    if (err instanceof BadBody) return error(err.status, err.message);
    throw err;
  }
}

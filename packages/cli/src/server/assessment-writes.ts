import type { IncomingMessage } from "node:http";
import { newFeedback, updatedAssessment, type AssessmentJSON, type AssessmentValue, type TraceStore } from "@traceloom/core";
import { decodeSegment } from "../decode-segment.js";
import type { ApiResult } from "./api-routes.js";
import { BadBody, readJsonBody } from "./request-body.js";
import { withWritableStore } from "./writable-store.js";

/** The name the viewer gives a reviewer's thumbs up/down (MLflow's review UI uses the same kind of label). */
export const USER_FEEDBACK_NAME = "user_feedback";

const COLLECTION = /^\/api\/traces\/([^/]+)\/assessments$/;
const ITEM = /^\/api\/traces\/([^/]+)\/assessments\/([^/]+)$/;

/** Whether a path is one of the viewer's write routes (anything else written to is refused). */
export function isAssessmentWritePath(path: string): boolean {
  return COLLECTION.test(path) || ITEM.test(path);
}

/** What a write needs: the store the viewer shows, and who the reviewer is (the feedback's HUMAN source ID). */
export interface WriteContext {
  store: TraceStore;
  reviewer: string;
}

function error(status: number, message: string): ApiResult {
  return { status, body: { error: message } };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The body's optional string field, or a BadBody. */
function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new BadBody(`"${key}" must be a string`, 400);
  return v;
}

function create(ctx: WriteContext, traceId: string, body: Record<string, unknown>): ApiResult {
  if (body.value === undefined) return error(400, 'A feedback needs a "value"');
  return withWritableStore(ctx.store, (store) => {
    if (!store.getTrace(traceId)) return error(404, `No trace ${traceId} in this store`);
    const assessment = newFeedback({
      traceId,
      name: optionalString(body, "name") ?? USER_FEEDBACK_NAME,
      spanId: optionalString(body, "spanId"),
      value: body.value as AssessmentValue,
      rationale: optionalString(body, "rationale") || undefined,
      source: { sourceType: "HUMAN", sourceId: ctx.reviewer },
    });
    store.saveAssessment(traceId, assessment);
    return { status: 201, body: { assessment } };
  });
}

function findAssessment(store: TraceStore, traceId: string, assessmentId: string): AssessmentJSON | ApiResult {
  const trace = store.getTrace(traceId);
  if (!trace) return error(404, `No trace ${traceId} in this store`);
  return trace.info.json.assessments?.find((a) => a.assessment_id === assessmentId) ?? error(404, `No assessment ${assessmentId} on trace ${traceId}`);
}

function update(ctx: WriteContext, traceId: string, assessmentId: string, body: Record<string, unknown>): ApiResult {
  return withWritableStore(ctx.store, (store) => {
    const current = findAssessment(store, traceId, assessmentId);
    if ("status" in current) return current;
    const changed = updatedAssessment(current, { value: body.value as AssessmentValue | undefined, rationale: optionalString(body, "rationale") });
    // An emptied comment removes the rationale rather than keeping an empty one.
    if (changed.rationale === "") delete changed.rationale;
    store.saveAssessment(traceId, changed);
    return { status: 200, body: { assessment: changed } };
  });
}

function remove(ctx: WriteContext, traceId: string, assessmentId: string): ApiResult {
  return withWritableStore(ctx.store, (store) => {
    const current = findAssessment(store, traceId, assessmentId);
    if ("status" in current) return current;
    store.deleteAssessment(traceId, assessmentId);
    return { status: 200, body: {} };
  });
}

/**
 * The viewer's only writes (already checked by the write guard): `POST /api/traces/:id/assessments` gives feedback
 * (`{ value, rationale?, name?, spanId? }`, source HUMAN and the reviewer), `PATCH …/assessments/:aid` changes its
 * value or comment, `DELETE …/assessments/:aid` removes it.
 */
export async function runAssessmentWrite(ctx: WriteContext, req: IncomingMessage, path: string): Promise<ApiResult> {
  try {
    const item = ITEM.exec(path);
    const collection = COLLECTION.exec(path);
    const traceId = decodeSegment((item ?? collection)![1]);
    if (collection && req.method === "POST") return bodyOf(await readJsonBody(req), (b) => create(ctx, traceId, b));
    if (item && req.method === "PATCH") return bodyOf(await readJsonBody(req), (b) => update(ctx, traceId, decodeSegment(item[2]), b));
    if (item && req.method === "DELETE") return remove(ctx, traceId, decodeSegment(item[2]));
    return error(405, `${req.method} is not allowed on ${path}`);
  } catch (err) {
    if (err instanceof BadBody) return error(err.status, err.message);
    if (err instanceof TypeError) return error(400, err.message);
    throw err;
  }
}

function bodyOf(body: unknown, run: (body: Record<string, unknown>) => ApiResult): ApiResult {
  if (!isObject(body)) return error(400, "The request body must be a JSON object");
  return run(body);
}

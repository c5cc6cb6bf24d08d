import type { LiveSpan } from "@traceloom/core";
import { chatResponse } from "./chat-format.js";
import type { CallKind } from "./targets.js";
import { recordUsage } from "./usage.js";

type Obj = Record<string, unknown>;

/** Records a (possibly aggregated) response: outputs, served model, `stop_reason` and token usage. */
export function recordResponse(span: LiveSpan, kind: CallKind, response: unknown): void {
  if (kind === "count") {
    span.setOutputs(response);
    return;
  }
  span.setOutputs(chatResponse(response));
  if (typeof response !== "object" || response === null) return;
  const r = response as Obj;
  if (typeof r.model === "string") span.setAttribute("model", r.model);
  if (typeof r.stop_reason === "string") span.setAttribute("stop_reason", r.stop_reason);
  recordUsage(span, r.usage);
}

import type { LiveSpan } from "@traceloom/core";
import type { CallKind } from "./targets.js";

type Body = Record<string, unknown>;

function isRecord(v: unknown): v is Body {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Why generation stopped: the first choice's `finish_reason`, or a Responses status / incomplete reason. */
export function finishReasonOf(kind: CallKind, response: Body): string | undefined {
  if (kind === "response") {
    const details = response.incomplete_details;
    if (isRecord(details) && typeof details.reason === "string") return details.reason;
    return typeof response.status === "string" ? response.status : undefined;
  }
  const choices = response.choices;
  if (!Array.isArray(choices) || choices.length === 0 || !isRecord(choices[0])) return undefined;
  const reason = choices[0].finish_reason;
  return typeof reason === "string" ? reason : undefined;
}

/** Records a (possibly aggregated) response: outputs, served model, finish reason and token usage. */
export function recordResponse(span: LiveSpan, kind: CallKind, response: unknown): void {
  span.setOutputs(response);
  if (!isRecord(response)) return;
  if (typeof response.model === "string") span.setAttribute("model", response.model);
  const reason = finishReasonOf(kind, response);
  if (reason !== undefined) span.setAttribute("finish_reason", reason);
  if (isRecord(response.usage)) span.setTokenUsage(response.usage);
}

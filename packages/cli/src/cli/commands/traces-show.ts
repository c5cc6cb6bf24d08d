import { formatTrace, terminalSafeJson } from "@traceloom/core";
import { traceCost } from "../../pricing/cost.js";
import { UserError } from "../../store-access.js";
import { assessmentLines } from "../assessment-lines.js";
import { checkTraceIds, withStore, type CommandContext } from "../context.js";

/** Options of `traces show`. */
export interface ShowOptions {
  json?: boolean;
  preview?: string;
}

/** `traceloom traces show <id>`: the span tree and the trace's assessments in the terminal (or the MLflow JSON with --json). */
export function showTrace(ctx: CommandContext, id: string, options: ShowOptions): void {
  checkTraceIds([id]);
  const previewChars = options.preview === undefined ? 80 : Number(options.preview);
  if (!Number.isInteger(previewChars) || previewChars < 0) throw new UserError(`--preview must be a whole number of characters, got "${options.preview}"`, 2);
  withStore(ctx, (store) => {
    const trace = store.getTrace(id);
    if (!trace) throw new UserError(`No trace ${id} in ${store.uri}. List the traces there with \`traceloom traces list\`.`);
    if (options.json) {
      ctx.io.stdout(`${terminalSafeJson(JSON.stringify(trace.toJSON(), null, 2))}\n`);
      return;
    }
    ctx.io.stdout(`${formatTrace(trace, { color: ctx.io.color, previewChars })}\n`);
    ctx.io.stdout(assessmentLines(trace));
    const cost = traceCost(trace, ctx.prices);
    if (cost) {
      const note = cost.unpricedSpans > 0 ? ` (${cost.unpricedSpans} model call(s) without a known price)` : "";
      ctx.io.stdout(`Estimated cost: $${cost.usd.toFixed(6)}${note}\n`);
    }
  });
}

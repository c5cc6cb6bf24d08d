import { parseTrackingUri } from "@traceloom/core";
import { runDemo } from "../../demo/run-demo.js";
import { DEFAULT_STORE, UserError } from "../../store-access.js";
import type { CommandContext } from "../context.js";

/** `traceloom demo`: records a few agent traces locally (no network, no API key) and says how to view them. */
export async function demo(ctx: CommandContext): Promise<void> {
  const target = parseTrackingUri(ctx.uri);
  if (target.kind !== "sqlite") throw new UserError(`The demo writes to a local SQLite store; "${ctx.uri}" is not one`);
  const { traceIds } = await runDemo({ trackingUri: ctx.uri, write: ctx.io.stdout, color: ctx.io.color });
  const envPrefix = ctx.uri === DEFAULT_STORE ? "" : `TRACELOOM_TRACKING_URI=${JSON.stringify(ctx.uri)} `;
  const run = `${envPrefix}${ctx.io.commandName}`;
  ctx.io.stdout(
    `Recorded ${traceIds.length} traces in ${target.path}.\n` +
      `Browse them:     ${run} ui\n` +
      `Or in the shell: ${run} traces list\n`,
  );
}

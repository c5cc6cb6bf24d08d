import { UserError } from "../../store-access.js";
import { queryTraces } from "../../trace-query.js";
import { checkTraceIds, withStore, type CommandContext } from "../context.js";

/** Options of `traces delete`. */
export interface DeleteOptions {
  filter?: string;
  yes?: boolean;
}

/** Most traces one `delete --filter` removes. */
const MAX_DELETE = 10_000;

/**
 * `traceloom traces delete <ids…>` or `--filter "<filter>" --yes`. IDs must all exist (nothing is deleted
 * otherwise); a filter deletion asks for `--yes` and otherwise only says how many traces match.
 */
export function deleteTraces(ctx: CommandContext, ids: string[], options: DeleteOptions): void {
  if (ids.length > 0 && options.filter !== undefined) throw new UserError("Give trace IDs or --filter, not both", 2);
  if (ids.length === 0 && options.filter === undefined) throw new UserError("Say which traces to delete: trace IDs, or --filter \"<filter>\"", 2);
  checkTraceIds(ids);
  withStore(
    ctx,
    (store) => {
      let targets = ids;
      if (options.filter !== undefined) {
        targets = queryTraces(store, { filter: options.filter, maxResults: MAX_DELETE }, ctx.prices).traces.map((t) => t.traceId);
        if (!options.yes) {
          ctx.io.stdout(`${targets.length} trace(s) match ${options.filter}. Re-run with --yes to delete them.\n`);
          return;
        }
      } else {
        const missing = ids.filter((id) => store.getTrace(id) === undefined);
        if (missing.length > 0) throw new UserError(`No trace ${missing.join(", ")} in ${store.uri}; nothing was deleted`);
      }
      const deleted = targets.length === 0 ? 0 : store.deleteTraces({ traceIds: targets });
      ctx.io.stdout(`Deleted ${deleted} trace(s) from ${store.uri}\n`);
    },
    true,
  );
}

import { parseAge } from "@traceloom/core";
import { UserError } from "../../store-access.js";
import { queryTraces } from "../../trace-query.js";
import { checkTraceIds, withStore, type CommandContext } from "../context.js";

/** Options of `traces delete`. */
export interface DeleteOptions {
  filter?: string;
  olderThan?: string;
  yes?: boolean;
}

/** Most traces one `delete --filter` removes. */
const MAX_DELETE = 10_000;

/** The cutoff (ms since epoch) `--older-than` names, or a usage error. */
function cutoffOf(age: string, now: number): number {
  try {
    return now - parseAge(age);
  } catch (err) {
    throw new UserError(`--older-than: ${(err as Error).message}`, 2);
  }
}

/**
 * `traceloom traces delete <ids…>`, `--filter "<filter>" --yes` or `--older-than 30d --yes`. IDs must all exist
 * (nothing is deleted otherwise); a filter or age deletion asks for `--yes` and otherwise only says how many traces
 * match. Deleted space is reused by later traces; `VACUUM` (README) shrinks the file.
 */
export function deleteTraces(ctx: CommandContext, ids: string[], options: DeleteOptions): void {
  const ways = [ids.length > 0, options.filter !== undefined, options.olderThan !== undefined].filter(Boolean).length;
  if (ways > 1) throw new UserError("Give one of: trace IDs, --filter or --older-than", 2);
  if (ways === 0) throw new UserError('Say which traces to delete: trace IDs, --filter "<filter>" or --older-than <age>', 2);
  checkTraceIds(ids);
  const cutoff = options.olderThan === undefined ? undefined : cutoffOf(options.olderThan, Date.now());
  withStore(
    ctx,
    (store) => {
      if (cutoff !== undefined) {
        const when = new Date(cutoff).toISOString();
        if (!options.yes) {
          const n = store.countTraces({ filter: `timestamp_ms < ${cutoff}` });
          ctx.io.stdout(`${n} trace(s) started before ${when}. Re-run with --yes to delete them.\n`);
          return;
        }
        const deleted = store.deleteTraces({ maxTimestampMs: cutoff - 1 });
        ctx.io.stdout(`Deleted ${deleted} trace(s) started before ${when} from ${store.uri}\n`);
        return;
      }
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

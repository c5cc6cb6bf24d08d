import { UserError } from "../store-access.js";

/** Groupings with a fixed name; `tags.<key>` and `metadata.<key>` name a key as well. */
export const FIXED_GROUPINGS = ["none", "model", "span.type", "span.name", "trace.name", "status"] as const;

/** What a usage message lists as the valid groupings. */
export const GROUP_BY_HELP = `${FIXED_GROUPINGS.join(", ")}, tags.<key> or metadata.<key>`;

/**
 * The grouping `raw` names, in the store's spelling: a fixed name (case-insensitive; `name` for `trace.name`),
 * or `tags.<key>` / `metadata.<key>` where the key may be backtick-quoted as in a filter (`metadata.\`a.b\``).
 * "none" when empty. Anything else is a bad-usage {@link UserError}.
 */
export function normalizeGroupBy(raw: string | undefined): string {
  const value = (raw ?? "").trim();
  if (value === "") return "none";
  const lower = value.toLowerCase();
  if (lower === "name") return "trace.name";
  if ((FIXED_GROUPINGS as readonly string[]).includes(lower)) return lower;
  const m = /^(tags|tag|metadata)\.(.+)$/is.exec(value);
  if (m) {
    const key = /^`(.+)`$/s.exec(m[2])?.[1] ?? m[2];
    return `${m[1].toLowerCase() === "metadata" ? "metadata" : "tags"}.${key}`;
  }
  throw new UserError(`Cannot group by "${value}": use one of ${GROUP_BY_HELP}`, 2);
}

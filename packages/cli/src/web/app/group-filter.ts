import { filterLiteral } from "../../filter-text.js";

/** A tag or metadata key as a filter name: backtick-quoted unless it is a plain identifier. */
function keyName(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key}\``;
}

/** The filter clause that selects one group's traces, or undefined when the grammar cannot say it (model, a missing value). */
function groupClause(groupBy: string, key: string | null): string | undefined {
  if (key === null) return undefined;
  const value = filterLiteral(key);
  if (groupBy === "trace.name") return `name = ${value}`;
  if (groupBy === "status") return `status = ${value}`;
  if (groupBy === "span.type" || groupBy === "span.name") return `${groupBy} = ${value}`;
  const m = /^(tags|metadata)\.([^`]+)$/s.exec(groupBy);
  return m ? `${m[1]}.${keyName(m[2])} = ${value}` : undefined;
}

/**
 * The list filter that finds a group's traces within the analysed selection: the user's filter, the group's clause
 * and the time range, joined by AND. Undefined for groups a filter cannot name.
 */
export function groupTracesFilter(filter: string, groupBy: string, key: string | null, from: number | null, to: number | null): string | undefined {
  const clause = groupClause(groupBy, key);
  if (clause === undefined) return undefined;
  const range = [from === null ? "" : `timestamp_ms >= ${from}`, to === null ? "" : `timestamp_ms < ${to}`];
  return [filter.trim(), clause, ...range].filter((c) => c !== "").join(" AND ");
}

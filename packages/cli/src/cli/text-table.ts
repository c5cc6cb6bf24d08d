import { terminalSafe } from "@traceloom/core";

/** A column of a plain-text table. */
export interface TextColumn<T> {
  title: string;
  /** Cells are cut to this many characters (with "…"). */
  width?: number;
  /** Right-aligned (numbers). */
  right?: boolean;
  value(row: T): string;
}

/** One cell: whitespace flattened, control characters shown escaped (core's `terminalSafe`), cut to `width`. */
export function tableCell(text: string, width: number | undefined): string {
  const flat = terminalSafe(text.replace(/\s+/g, " ").trim());
  return width !== undefined && flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** Rows as an aligned plain-text table with a header row, safe to print on a terminal. */
export function formatTextTable<T>(columns: readonly TextColumn<T>[], rows: readonly T[]): string {
  const cells = rows.map((row) => columns.map((c) => tableCell(c.value(row), c.width)));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i].length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (columns[i].right ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...cells.map(line)].join("\n");
}

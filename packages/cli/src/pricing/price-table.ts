import { readFileSync } from "node:fs";
import { DEFAULT_PRICES, type ModelPrice } from "./default-prices.js";

/** Environment variable naming a JSON price file, used when no file is given explicitly. */
export const PRICES_ENV = "TRACELOOM_PRICES";

/** Suffixes that name a version of the same model, not another model: `@…` (Vertex), `-latest`, a date, Gemini's `-001`. */
const VERSION_SUFFIXES = [/@.*$/, /-latest$/, /-(?:\d{4}-\d{2}-\d{2}|\d{8}|0\d\d)$/];

/**
 * The model name a price is looked up by: lowercase, without an `openai/`, `anthropic/` or `google/` provider
 * prefix or the Gemini API's `models/` resource prefix.
 */
function normalizeModelName(model: string): string {
  return model.trim().toLowerCase().replace(/^(openai|anthropic|google)\//, "").replace(/^models\//, "");
}

/**
 * The name without its version suffixes: `gpt-4o-mini-2024-07-18` → `gpt-4o-mini`, `claude-3-5-haiku@20241022` →
 * `claude-3-5-haiku`, `gemini-2.0-flash-001` → `gemini-2.0-flash`.
 */
function withoutVersion(name: string): string {
  return VERSION_SUFFIXES.reduce((n, suffix) => n.replace(suffix, ""), name);
}

/**
 * Model prices looked up by name, case-insensitively: the exact name first, then the name without a date
 * (`-2024-07-18`, `-20240718`), `-latest` or `@…` suffix. Nothing else is guessed: `o3-pro` is not `o3` and
 * `gpt-4.5-preview` is not `gpt-4`, so an unknown model has no price (and the CLI marks the cost incomplete).
 */
export class PriceTable {
  private readonly prices = new Map<string, ModelPrice>();

  constructor(entries: Record<string, ModelPrice> = DEFAULT_PRICES) {
    for (const [model, price] of Object.entries(entries)) this.prices.set(model.toLowerCase(), price);
  }

  /** The price of a model, or undefined when neither its name nor its name without a version suffix is known. */
  priceFor(model: string): ModelPrice | undefined {
    const name = normalizeModelName(model);
    return this.prices.get(name) ?? this.prices.get(withoutVersion(name));
  }

  /** A copy of the table with `extra` added (entries in `extra` win). */
  extend(extra: Record<string, ModelPrice>): PriceTable {
    return new PriceTable({ ...Object.fromEntries(this.prices), ...extra });
  }

  /** Every entry, sorted by model name. */
  entries(): [string, ModelPrice][] {
    return [...this.prices].sort(([a], [b]) => a.localeCompare(b));
  }
}

function isPrice(value: unknown): value is ModelPrice {
  if (!value || typeof value !== "object") return false;
  const { input, output } = value as Record<string, unknown>;
  return typeof input === "number" && input >= 0 && typeof output === "number" && output >= 0;
}

/**
 * Reads a price file: `{ "<model>": { "input": <USD per 1M>, "output": <USD per 1M> }, … }`. Throws an Error
 * naming the file and the bad entry.
 */
export function readPriceFile(path: string): Record<string, ModelPrice> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`Cannot read price file ${path}: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error(`Price file ${path} must be a JSON object of model → { "input": n, "output": n }`);
  }
  for (const [model, price] of Object.entries(parsed)) {
    if (!isPrice(price)) {
      throw new Error(`Price file ${path}: "${model}" needs non-negative numbers "input" and "output" (USD per 1M tokens)`);
    }
  }
  return parsed as Record<string, ModelPrice>;
}

/** The built-in prices, extended by `file`, or else by the file `TRACELOOM_PRICES` names. */
export function loadPriceTable(file?: string, env: NodeJS.ProcessEnv = process.env): PriceTable {
  const path = file ?? env[PRICES_ENV];
  const table = new PriceTable();
  return path ? table.extend(readPriceFile(path)) : table;
}

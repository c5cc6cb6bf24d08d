import { readFileSync } from "node:fs";
import { DEFAULT_PRICES, type ModelPrice } from "./default-prices.js";

/** Environment variable naming a JSON price file, used when no file is given explicitly. */
export const PRICES_ENV = "TRACELOOM_PRICES";

/**
 * Model prices looked up by name: an exact match first, then the longest known prefix, so dated or suffixed
 * names (`gpt-4o-mini-2024-07-18`, `claude-3-5-sonnet-latest`) find their family. Case-insensitive.
 */
export class PriceTable {
  private readonly prices = new Map<string, ModelPrice>();

  constructor(entries: Record<string, ModelPrice> = DEFAULT_PRICES) {
    for (const [model, price] of Object.entries(entries)) this.prices.set(model.toLowerCase(), price);
  }

  /** The price of a model, or undefined when neither its name nor a prefix of it is known. */
  priceFor(model: string): ModelPrice | undefined {
    const name = model.trim().toLowerCase().replace(/^(openai|anthropic)\//, "");
    const exact = this.prices.get(name);
    if (exact) return exact;
    let best: { key: string; price: ModelPrice } | undefined;
    for (const [key, price] of this.prices) {
      if (name.startsWith(key) && /[-.:@_]/.test(name.charAt(key.length)) && (!best || key.length > best.key.length)) {
        best = { key, price };
      }
    }
    return best?.price;
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

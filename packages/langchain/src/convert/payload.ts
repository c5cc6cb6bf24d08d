import { toChatMessage } from "./messages.js";
import { toDocumentRecords } from "./documents.js";

type Loose = Record<string, any>;

/** Nesting levels of a chain's inputs/outputs searched for LangChain objects. */
const MAX_DEPTH = 4;
/** Entries of one array or object converted; the rest are kept as they are. */
const MAX_ENTRIES = 1000;

function isMessage(v: Loose): boolean {
  if (v.lc === 1 && v.type === "constructor" && Array.isArray(v.id)) return v.id.includes("messages");
  return "content" in v && (typeof v._getType === "function" || typeof v.getType === "function");
}

function isDocument(v: Loose): boolean {
  return typeof v.pageContent === "string" && "metadata" in v;
}

/**
 * A chain's inputs or outputs with LangChain objects in readable form: messages as OpenAI-shaped messages, prompt
 * values as `{ messages }` or their text, documents in MLflow's document shape, LangGraph commands as their fields.
 * Everything else is kept.
 */
export function toReadablePayload(value: unknown, depth = 0): unknown {
  if (!value || typeof value !== "object" || depth > MAX_DEPTH) return value;
  const v = value as Loose;
  if (Array.isArray(v)) {
    if (v.length > 0 && v.length <= MAX_ENTRIES && v.every((d) => d && typeof d === "object" && isDocument(d))) return toDocumentRecords(v);
    return v.length > MAX_ENTRIES ? v : v.map((item) => toReadablePayload(item, depth + 1));
  }
  if (isMessage(v)) return toChatMessage(v);
  if (typeof v.toChatMessages === "function") return { messages: (v.toChatMessages() as unknown[]).map(toChatMessage) };
  if (typeof v.toString === "function" && typeof v.value === "string" && v.constructor?.name === "StringPromptValue") return v.value;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null && typeof v.lg_name !== "string") return v;
  const keys = Object.keys(v);
  if (keys.length > MAX_ENTRIES) return v;
  const out: Loose = {};
  for (const k of keys) out[k] = toReadablePayload(v[k], depth + 1);
  return out;
}

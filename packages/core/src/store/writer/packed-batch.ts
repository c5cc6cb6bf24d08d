import type { EncodedTrace } from "./encoded-trace.js";

/**
 * A batch of encoded traces as ONE string, for the trip to the writer thread: `postMessage` copies one flat string
 * at memory speed, while cloning an array of objects holding the same texts costs more on the sending thread.
 * Parts are separated by U+0000, which JSON text never holds raw (JSON.stringify escapes it), so the texts need no
 * escaping. Per trace: a head (JSON: IDs, searchable fields, terms, span count), the info JSON, then each span's JSON.
 */
const SEP = "\u0000";

type Head = [traceId: string, experimentId: string, fields: EncodedTrace["fields"], terms: EncodedTrace["terms"], spans: number];

/**
 * Packs traces. Concatenation builds a rope, flattened once by the copy `postMessage` makes anyway (cheaper than a
 * join, measured); keep batches small (tens of traces): flattening a rope of megabytes costs more per byte.
 */
export function packBatch(traces: readonly EncodedTrace[]): string {
  let out = "";
  for (const t of traces) {
    const head: Head = [t.traceId, t.experimentId, t.fields, t.terms, t.spanJsons.length];
    out += (out ? SEP : "") + JSON.stringify(head) + SEP + t.infoJson;
    for (const s of t.spanJsons) out += SEP + s;
  }
  return out;
}

/** The traces {@link packBatch} packed. */
export function unpackBatch(packed: string): EncodedTrace[] {
  if (packed === "") return [];
  const parts = packed.split(SEP);
  const traces: EncodedTrace[] = [];
  for (let i = 0; i < parts.length; ) {
    const [traceId, experimentId, fields, terms, spans] = JSON.parse(parts[i]) as Head;
    const infoJson = parts[i + 1];
    traces.push({ traceId, experimentId, fields, terms, infoJson, spanJsons: parts.slice(i + 2, i + 2 + spans) });
    i += 2 + spans;
  }
  return traces;
}

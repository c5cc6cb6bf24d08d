type Body = Record<string, unknown>;

const isRecord = (v: unknown): v is Body => typeof v === "object" && v !== null && !Array.isArray(v);

/** One candidate being assembled from streamed chunks. */
interface CandidateParts {
  fields: Body;
  role: string | undefined;
  parts: Body[];
}

/** Appends a part, joining consecutive text parts of the same kind (answer or thought) into one. */
function appendPart(parts: Body[], part: Body): void {
  const last = parts.at(-1);
  const isText = (p: Body | undefined) => p !== undefined && typeof p.text === "string" && Object.keys(p).every((k) => k === "text" || k === "thought");
  if (isText(part) && isText(last) && Boolean(last!.thought) === Boolean(part.thought)) {
    last!.text = `${last!.text as string}${part.text as string}`;
  } else {
    parts.push({ ...part });
  }
}

/**
 * Assembles the chunks of `generateContentStream` into the one response the same request would have returned:
 * each candidate's parts joined in order (consecutive text merged), its last `finishReason` and other fields, and
 * the last `usageMetadata`, `modelVersion` and `responseId` seen (Gemini's last chunk carries the final counts).
 */
export class StreamAggregator {
  private readonly candidates = new Map<number, CandidateParts>();
  private readonly top: Body = {};

  /** Adds one chunk; true when it carries content (text or a function call): the first token has arrived. */
  add(chunk: unknown): boolean {
    if (!isRecord(chunk)) return false;
    let content = false;
    for (const key of Object.keys(chunk)) {
      if (key !== "candidates" && key !== "sdkHttpResponse" && chunk[key] !== undefined) this.top[key] = chunk[key];
    }
    const list = Array.isArray(chunk.candidates) ? chunk.candidates : [];
    list.forEach((candidate, i) => {
      if (!isRecord(candidate)) return;
      const index = typeof candidate.index === "number" ? candidate.index : i;
      const slot = this.candidates.get(index) ?? { fields: {}, role: undefined, parts: [] };
      this.candidates.set(index, slot);
      for (const key of Object.keys(candidate)) if (key !== "content" && candidate[key] !== undefined) slot.fields[key] = candidate[key];
      const c = candidate.content;
      if (!isRecord(c)) return;
      if (typeof c.role === "string") slot.role = c.role;
      for (const part of Array.isArray(c.parts) ? c.parts : []) {
        if (!isRecord(part)) continue;
        if ((typeof part.text === "string" && part.text !== "") || part.functionCall !== undefined) content = true;
        if (part.text === "" && Object.keys(part).length === 1) continue;
        appendPart(slot.parts, part);
      }
    });
    return content;
  }

  /** The assembled response. */
  result(): Body {
    const candidates = [...this.candidates.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, slot]) => ({ content: { parts: slot.parts, ...(slot.role ? { role: slot.role } : {}) }, ...slot.fields }));
    return { candidates, ...this.top };
  }
}

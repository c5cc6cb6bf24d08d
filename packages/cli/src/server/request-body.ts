import type { IncomingMessage } from "node:http";

/** The largest request body the viewer reads (a comment on a trace, not a document). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Thrown for a body that is too large or not JSON: answered with 400/413 and the message. */
export class BadBody extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Reads a request's JSON body (at most {@link MAX_BODY_BYTES}); an empty body is `{}`. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BadBody(`The request body is over ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadBody("The request body is not JSON", 400);
  }
}

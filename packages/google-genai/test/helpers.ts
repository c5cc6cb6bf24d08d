import { createRequire } from "node:module";
import { configure, flush, getLastTraceId, TraceClient, type Span, type Trace } from "@traceloom/core";
import { startFakeGemini, type FakeGemini } from "@traceloom/testkit";
import { afterAll, afterEach, beforeAll } from "vitest";
import { autolog } from "../src/index.js";

/** One installed copy of the real `@google/genai` (aliased devDependencies), as ES module or CommonJS. */
export interface SdkCopy {
  major: number;
  format: "esm" | "cjs";
  /** The module namespace / exports of that copy. */
  sdk: any;
}

const esm: Record<number, () => Promise<any>> = {
  1: () => import("google-genai-v1"),
  2: () => import("google-genai-v2"),
  3: () => import("google-genai-v3"),
};

/** Majors under test: the current (3), the previous (2), and 1, which LlamaIndex's Gemini LLM still depends on. */
export const MAJORS = [1, 2, 3] as const;

/** Every major in both module formats. */
export const COPIES = MAJORS.flatMap((major) => [
  [major, "esm"],
  [major, "cjs"],
] as const);

const require = createRequire(import.meta.url);

/** Loads one major's ES module copy or its CommonJS copy (different classes: the dual-package hazard). */
export async function loadSdk(major: number, format: "esm" | "cjs" = "esm"): Promise<SdkCopy> {
  const sdk = format === "esm" ? await esm[major]() : require(`google-genai-v${major}`);
  return { major, format, sdk };
}

/** The API key of the test clients: a recognisable secret the traces must never contain. */
export const SECRET_KEY = "AIza-traceloom-SECRET-0123456789";

/** A client of `copy` on the fake server. */
export function makeClient(copy: SdkCopy, fake: FakeGemini): any {
  return new copy.sdk.GoogleGenAI({ apiKey: SECRET_KEY, httpOptions: { baseUrl: fake.url } });
}

/** Starts a fake Gemini server and an in-memory trace store for a test file; resets both between tests. */
export function useFakeAndStore(): () => FakeGemini {
  let fake: FakeGemini;
  beforeAll(async () => {
    await configure({ trackingUri: "memory:" });
    fake = await startFakeGemini();
  });
  afterEach(async () => {
    autolog({ disable: true });
    fake.reset();
    await configure({ trackingUri: "memory:" });
  });
  afterAll(() => fake.close());
  return () => fake;
}

/** The last finished trace. */
export async function lastTrace(): Promise<Trace> {
  await flush();
  const id = getLastTraceId();
  if (!id) throw new Error("no trace was finished");
  const t = await new TraceClient().getTrace(id);
  if (!t) throw new Error(`trace ${id} not in the store`);
  return t;
}

/** Every finished trace, oldest first. */
export async function allTraces(): Promise<Trace[]> {
  await flush();
  const page = await new TraceClient().searchTraces({ orderBy: ["timestamp_ms ASC"], maxResults: 500 });
  return page.traces;
}

/** The only span of a one-span trace. */
export async function onlySpan(): Promise<Span> {
  const t = await lastTrace();
  if (t.spans.length !== 1) throw new Error(`expected one span, got ${t.spans.map((s) => s.name).join(", ")}`);
  return t.spans[0];
}

/** Reads a stream to its end (or `limit` chunks, then breaks). */
export async function collect(stream: AsyncIterable<unknown>, limit = 1_000): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const chunk of stream) {
    out.push(chunk);
    if (out.length >= limit) break;
  }
  return out;
}

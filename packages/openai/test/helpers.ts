import { configure, flush, getLastTraceId, TraceClient, type Span, type Trace } from "@traceloom/core";
import { startFakeOpenAI, type FakeOpenAI } from "@traceloom/testkit";
import { afterAll, afterEach, beforeAll } from "vitest";
import { autolog } from "../src/index.js";

/** One installed major version of the real `openai` package (aliased devDependencies). */
export interface SdkVersion {
  major: number;
  /** The ES module namespace of that copy. */
  sdk: any;
  /** Its `Stream` class. */
  Stream: any;
}

const loaders: Record<number, () => Promise<[any, any]>> = {
  4: () => Promise.all([import("openai-v4"), import("openai-v4/streaming")]),
  5: () => Promise.all([import("openai-v5"), import("openai-v5/streaming")]),
  6: () => Promise.all([import("openai-v6"), import("openai-v6/streaming")]),
  7: () => Promise.all([import("openai-v7"), import("openai-v7/streaming")]),
};

/** Majors under test. */
export const MAJORS = [4, 5, 6, 7] as const;

/** Loads one major version's ES module copy and its Stream class. */
export async function loadSdk(major: number): Promise<SdkVersion> {
  const [sdk, streaming] = await loaders[major]();
  return { major, sdk, Stream: streaming.Stream };
}

/** A client of `version` on the fake server. The key is a recognisable secret the traces must never contain. */
export function makeClient(version: SdkVersion, fake: FakeOpenAI): any {
  return new version.sdk.OpenAI({ baseURL: fake.url, apiKey: SECRET_KEY, maxRetries: 0 });
}

export const SECRET_KEY = "sk-traceloom-SECRET-0123456789";

/** Where the chat helpers (`parse`, `stream`, `runTools`) live: `beta.chat.completions` in v4. */
export function chatHelpers(client: any, major: number): any {
  return major === 4 ? client.beta.chat.completions : client.chat.completions;
}

/** Starts a fake OpenAI server and an in-memory trace store for a test file; resets both between tests. */
export function useFakeAndStore(): () => FakeOpenAI {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    await configure({ trackingUri: "memory:" });
    fake = await startFakeOpenAI();
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

/** A copy of `value` without fields that change from run to run (timestamps), for deep comparison. */
export function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== "created" && k !== "created_at" && k !== "completed_at") out[k] = stable(v);
  return out;
}

/** A single user message. */
export const user = (content: string) => [{ role: "user" as const, content }];

import { createRequire } from "node:module";
import { configure, flush, getLastTraceId, TraceClient, type Span, type Trace } from "@traceloom/core";
import { startFakeAnthropic, type FakeAnthropic } from "@traceloom/testkit";
import { afterAll, afterEach, beforeAll } from "vitest";
import { autolog } from "../src/index.js";

/** One installed major version of the real `@anthropic-ai/sdk` (aliased devDependencies), ES module copy. */
export interface SdkVersion {
  major: number;
  sdk: any;
  Stream: any;
  MessageStream: any;
}

const loaders: Record<number, () => Promise<[any, any, any]>> = {
  0: () => Promise.all([import("anthropic-v0"), import("anthropic-v0/streaming"), import("anthropic-v0/lib/MessageStream")]),
  1: () => Promise.all([import("anthropic-v1"), import("anthropic-v1/streaming"), import("anthropic-v1/lib/MessageStream")]),
};

/** Majors under test: the current (1.x) and the previous (0.x). */
export const MAJORS = [0, 1] as const;

/** Loads one major version's ES module copy (or its CommonJS copy), its `Stream` and `MessageStream` classes. */
export async function loadSdk(major: number, format: "esm" | "cjs" = "esm"): Promise<SdkVersion> {
  const require = createRequire(import.meta.url);
  const [sdk, streaming, messageStream] =
    format === "esm" ? await loaders[major]() : ["", "/streaming", "/lib/MessageStream"].map((sub) => require(`anthropic-v${major}${sub}`));
  return { major, sdk, Stream: streaming.Stream, MessageStream: messageStream.MessageStream };
}

/** A recognisable secret the traces must never contain. */
export const SECRET_KEY = "sk-ant-traceloom-SECRET-0123456789";

/** A client of `version` on the fake server. */
export function makeClient(version: SdkVersion, fake: FakeAnthropic): any {
  return new version.sdk.Anthropic({ baseURL: fake.url, apiKey: SECRET_KEY, maxRetries: 0 });
}

/** Starts a fake Anthropic server and an in-memory trace store for a test file; resets both between tests. */
export function useFakeAndStore(): () => FakeAnthropic {
  let fake: FakeAnthropic;
  beforeAll(async () => {
    await configure({ trackingUri: "memory:" });
    fake = await startFakeAnthropic();
  });
  afterEach(async () => {
    autolog({ disable: true });
    fake.reset();
    fake.setHandler(undefined);
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

export const MODEL = "claude-sonnet-4-6";

/** A Messages request with one user message. */
export const ask = (content: unknown, extra: Record<string, unknown> = {}) => ({ model: MODEL, max_tokens: 256, messages: [{ role: "user", content }], ...extra });

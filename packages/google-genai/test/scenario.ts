import type { FakeGemini } from "@traceloom/testkit";
import { collect, type SdkCopy } from "./helpers.js";

const MODEL = "gemini-2.5-flash";

const WEATHER = {
  functionDeclarations: [{ name: "get_weather", description: "Weather of a city", parameters: { type: "OBJECT", properties: { city: { type: "STRING" } } } }],
};

/** A response as data, without the HTTP headers the SDK attaches (they hold the `date` of each run). */
function data(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(data);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === "sdkHttpResponse" ? Object.keys((v as { headers?: object }).headers ?? {}).sort() : data(v);
  return out;
}

/** What the caller sees of one response object: its data, its class, and the SDK's helper getters. */
function observed(copy: SdkCopy, response: any): Record<string, unknown> {
  return {
    data: data(response),
    isResponseClass: response instanceof copy.sdk.GenerateContentResponse,
    sameProto: Object.getPrototypeOf(response) === copy.sdk.GenerateContentResponse.prototype,
    // `text` warns on a function call response: read it only where the SDK's users would
    ...(response.functionCalls ? { functionCalls: response.functionCalls } : { text: response.text }),
  };
}

async function errorOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const err = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as any;
  return { class: err?.constructor?.name, name: err?.name, status: err?.status, message: err?.message };
}

async function streamErrorOf(start: () => Promise<AsyncIterable<unknown>>): Promise<Record<string, unknown>> {
  const read: unknown[] = [];
  const error = await errorOf(
    (async () => {
      for await (const chunk of await start()) read.push(data(chunk));
    })(),
  );
  return { read, error };
}

/**
 * Every traced call and the ways a caller uses its result, run on one client; returns what the caller observed.
 * Run it with and without autolog and compare.
 */
export async function runScenario(copy: SdkCopy, ai: any, fake: FakeGemini): Promise<Record<string, unknown>> {
  fake.reset();
  const out: Record<string, unknown> = {};
  const generate = (contents: unknown, config?: object) => ai.models.generateContent({ model: MODEL, contents, config });
  const stream = (contents: unknown, config?: object) => ai.models.generateContentStream({ model: MODEL, contents, config });

  out.plain = observed(copy, await generate("hello there", { temperature: 0.1, systemInstruction: "Be brief." }));

  const generator = await stream("stream me please");
  out.streamShape = {
    tag: Object.prototype.toString.call(generator),
    proto: Object.getPrototypeOf(generator) === Object.getPrototypeOf((async function* () {})()) ? "native" : "sdk",
    ownKeys: Reflect.ownKeys(generator).map(String),
    asyncIterable: typeof generator[Symbol.asyncIterator] === "function",
  };
  out.streamChunks = (await collect(generator)).map((c) => observed(copy, c));
  out.secondIteration = await collect(generator);

  out.earlyBreak = (await collect(await stream("one two three four five six"), 2)).map((c) => observed(copy, c));
  out.afterBreak = observed(copy, await generate("still fine"));

  fake.script({ functionCalls: [{ name: "get_weather", args: { city: "Oslo" } }] });
  const call = await generate("weather in Oslo?", { tools: [WEATHER] });
  out.functionCall = observed(copy, call);
  const contents = [
    { role: "user", parts: [{ text: "weather in Oslo?" }] },
    call.candidates[0].content,
    { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { sky: "clear" } } }] },
  ];
  out.functionAnswer = observed(copy, await generate(contents, { tools: [WEATHER] }));

  const chat = ai.chats.create({ model: MODEL, config: { temperature: 0.3 } });
  out.chatFirst = observed(copy, await chat.sendMessage({ message: "first question" }));
  out.chatStream = (await collect(await chat.sendMessageStream({ message: "second question" }))).map((c) => observed(copy, c));
  out.chatHistory = chat.getHistory();

  const embedded = await ai.models.embedContent({ model: "text-embedding-004", contents: ["alpha beta", "gamma"] });
  out.embedding = { data: data(embedded), isClass: embedded instanceof copy.sdk.EmbedContentResponse };

  fake.script({ error: { code: 400, message: "bad request here" } });
  out.error400 = await errorOf(generate("x"));
  fake.script({ error: { code: 503, message: "overloaded" } });
  out.error503 = await errorOf(generate("x"));
  fake.script({ text: "never", interrupt: { mode: "break" } });
  out.networkError = await errorOf(generate("x"));
  fake.script({ error: { code: 429, message: "quota" } });
  out.streamError = await streamErrorOf(() => stream("x"));
  fake.script({ text: "a b c d e f", interrupt: { mode: "break", after: 2 } });
  out.streamCut = await streamErrorOf(() => stream("x"));

  const early = new AbortController();
  fake.script({ text: "too late", delayMs: 60_000 });
  const pending = errorOf(generate("abort me", { abortSignal: early.signal }));
  for (let i = 0; i < 500 && fake.requests.at(-1)?.body?.contents?.[0]?.parts?.[0]?.text !== "abort me"; i++) await new Promise((r) => setTimeout(r, 5));
  early.abort();
  out.abortBeforeAnswer = await pending;

  const mid = new AbortController();
  fake.script({ text: "a b c d e f", chunkDelayMs: 30 });
  out.abortMidStream = await streamErrorOf(async () => {
    const s = await stream("abort mid", { abortSignal: mid.signal });
    return (async function* () {
      for await (const chunk of s) {
        yield chunk;
        mid.abort();
      }
    })();
  });
  return out;
}

import { toolCallThenAnswer, type FakeOpenAI } from "@traceloom/testkit";
import { chatHelpers, stable, user, type SdkVersion } from "./helpers.js";

const MODEL = "gpt-4o-mini";

async function collect(stream: AsyncIterable<unknown>, limit = 1_000): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const chunk of stream) {
    out.push(chunk);
    if (out.length >= limit) break;
  }
  return out;
}

async function readAll(readable: ReadableStream<Uint8Array>): Promise<string> {
  const reader = readable.getReader();
  let text = "";
  for (let i = 0; i < 10_000; i++) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  return text;
}

const WEATHER_FORMAT = {
  type: "json_schema",
  json_schema: {
    name: "weather",
    strict: true,
    schema: {
      type: "object",
      properties: { city: { type: "string" }, temp: { type: "number" } },
      required: ["city", "temp"],
      additionalProperties: false,
    },
  },
};

const ADD_TOOL = {
  type: "function",
  function: {
    name: "add",
    description: "Adds two numbers",
    parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
    function: ({ a, b }: { a: number; b: number }) => String(a + b),
    parse: JSON.parse,
  },
};

/**
 * Replies that make the `parse()` helper fail after a successful request, keyed by the user message sent (so
 * their spans can be found): content that is not JSON, and JSON cut short by the length limit.
 */
export const FAILED_PARSE_REPLIES = {
  "parse: not json": { text: "not json at all", finishReason: "stop" },
  "parse: cut short": { text: '{"city":"Par', finishReason: "length" },
} as const;

async function errorOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const err = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as any;
  return { name: err?.constructor?.name, status: err?.status, message: err?.message, requestId: err?.request_id ?? err?.headers?.["x-request-id"] };
}

/**
 * Every call and helper the issue names, run on one client; returns what the caller observed, with values that
 * differ between runs (timestamps) removed. Run it with and without autolog and compare.
 */
export async function runScenario(v: SdkVersion, client: any, fake: FakeOpenAI): Promise<Record<string, unknown>> {
  fake.reset();
  const out: Record<string, unknown> = {};
  const chat = (extra: Record<string, unknown> = {}, content = "hello there") =>
    client.chat.completions.create({ model: MODEL, messages: user(content), ...extra });

  const plain = await chat();
  out.chat = plain;
  out.chatRequestId = plain._request_id;

  const withResponse = await chat({}, "with response").withResponse();
  out.withResponse = { data: withResponse.data, status: withResponse.response.status, requestId: withResponse.response.headers.get("x-request-id") };

  const raw = await chat({}, "as response").asResponse();
  out.asResponse = { status: raw.status, body: await raw.json() };

  const stream = await chat({ stream: true, stream_options: { include_usage: true } }, "stream me please");
  out.streamInstanceOf = stream instanceof v.Stream;
  out.streamPrototype = Object.getPrototypeOf(stream) === v.Stream.prototype;
  out.streamKeys = Object.keys(stream);
  out.streamRequestId = stream._request_id;
  out.streamChunks = await collect(stream);
  out.secondIteration = await collect(stream).then(
    () => "no error",
    (e: Error) => e.message,
  );

  const [left, right] = (await chat({ stream: true }, "tee this")).tee();
  out.tee = { left: await collect(left), right: await collect(right) };

  const lines = await readAll((await chat({ stream: true }, "readable stream")).toReadableStream());
  out.readable = lines.split("\n").filter(Boolean).map((line) => JSON.parse(line));

  const streamed = await chat({ stream: true }, "stream with response").withResponse();
  out.streamWithResponse = { isStream: streamed.data instanceof v.Stream, status: streamed.response.status, chunks: await collect(streamed.data) };

  out.earlyBreak = await collect(await chat({ stream: true }, "one two three four five six"), 2);

  const helpers = chatHelpers(client, v.major);
  fake.script('{"city":"Paris","temp":21}');
  const parsed = await helpers.parse({ model: MODEL, messages: user("weather in Paris"), response_format: WEATHER_FORMAT });
  out.parsed = { parsed: parsed.choices[0].message.parsed, completion: parsed };
  for (const [key, reply] of Object.entries(FAILED_PARSE_REPLIES)) {
    fake.script(reply);
    out[key] = await errorOf(helpers.parse({ model: MODEL, messages: user(key), response_format: WEATHER_FORMAT }));
  }

  const runner = helpers.stream({ model: MODEL, messages: user("stream helper") });
  const deltas: string[] = [];
  runner.on("content", (delta: string) => deltas.push(delta));
  out.streamHelper = { final: await runner.finalChatCompletion(), deltas };

  fake.setHandler(toolCallThenAnswer({ name: "add", arguments: { a: 2, b: 3 } }, (results) => `Sum: ${results.at(-1)}`));
  const tools = helpers.runTools({ model: MODEL, messages: user("add 2 and 3"), tools: [ADD_TOOL] });
  out.runTools = { content: await tools.finalContent(), messages: tools.messages };
  fake.setHandler(undefined);

  out.response = await client.responses.create({ model: MODEL, input: "respond please" });
  out.responseText = (out.response as any).output_text;
  out.responseEvents = await collect(await client.responses.create({ model: MODEL, input: "stream a response", stream: true }));
  if (client.beta.responses) out.betaResponse = await client.beta.responses.create({ model: MODEL, input: "beta response" });

  out.completion = await client.completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "Say this" });
  out.completionChunks = await collect(await client.completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "Stream this", stream: true }));
  out.embedding = await client.embeddings.create({ model: "text-embedding-3-small", input: ["alpha beta", "gamma"] });

  fake.script({ error: { status: 400, message: "bad request here" } });
  out.error400 = await errorOf(chat());
  fake.script({ error: { status: 503, message: "overloaded", retryable: false } });
  out.error503 = await errorOf(chat());
  fake.script({ text: "never", interrupt: { mode: "break" } });
  out.networkError = await errorOf(chat());
  return stable(out) as Record<string, unknown>;
}

import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { ACCESSOR_NOT_READ } from "@traceloom/core";
import { allTraces, loadSdk, makeClient, MAJORS, SECRET_KEY, useFakeAndStore, type SdkVersion } from "./helpers.js";

const fake = useFakeAndStore();

/** How many times the SDK, and tracing, ran the caller's code in one scenario. */
type Reads = Record<string, number>;

/** A tool array of a subclass whose own `map` and `Symbol.species` count their use. */
function countingToolArray(reads: Reads, tools: unknown[]): unknown[] {
  class ToolList extends Array<unknown> {
    static override get [Symbol.species]() {
      reads.species = (reads.species ?? 0) + 1;
      return Array;
    }
    override map<U>(fn: (value: unknown, index: number, array: unknown[]) => U): U[] {
      reads.map = (reads.map ?? 0) + 1;
      return Array.prototype.map.call(this, fn) as U[];
    }
  }
  const list = new ToolList();
  list.push(...tools);
  return list;
}

const weatherTool = (name: string) => ({ type: "function", function: { name, parameters: { type: "object", properties: {} } } });

/**
 * One chat request whose body holds every kind of caller code the SDK's own suite exercises: a message getter, an
 * enumerable `toJSON` returning `{ ...this }`, a non-enumerable `toJSON` that changes what is sent, a Proxy of tools
 * and an array subclass with its own `map` / `Symbol.species`. Returns the counts.
 */
async function chatWithCallerObjects(client: any): Promise<Reads> {
  const reads: Reads = {};
  const message = {
    role: "user",
    get content() {
      reads.getter = (reads.getter ?? 0) + 1;
      return "read me";
    },
  };
  const spread = {
    type: "text",
    toJSON() {
      reads.toJSON = (reads.toJSON ?? 0) + 1;
      return { ...this };
    },
  };
  const hidden = { type: "text" };
  Object.defineProperty(hidden, "toJSON", { enumerable: false, value: () => ({ type: "json_object" }) });
  const proxiedTools = new Proxy([weatherTool("proxied")], {
    get(target, key, receiver) {
      reads.proxy = (reads.proxy ?? 0) + 1;
      return Reflect.get(target, key, receiver);
    },
  });
  await client.chat.completions.create({ model: "m", messages: [message], response_format: spread, tools: proxiedTools, metadata: { note: "x" } });
  await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "json please" }], response_format: hidden, tools: countingToolArray(reads, [weatherTool("listed")]) });
  return reads;
}

/** A response whose parsed body has getters (a custom `fetch` with its own `json()`): none may run more often. */
async function chatWithResponseGetters(v: SdkVersion, url: string): Promise<{ reads: Reads; content: string }> {
  const reads: Reads = {};
  class GetterResponse extends Response {
    override async json(): Promise<unknown> {
      reads.json = (reads.json ?? 0) + 1;
      const body = (await super.json()) as Record<string, unknown>;
      const usage = body.usage;
      Object.defineProperty(body, "usage", {
        enumerable: true,
        get() {
          reads.usage = (reads.usage ?? 0) + 1;
          return usage;
        },
      });
      return body;
    }
  }
  const client = new v.sdk.OpenAI({
    baseURL: url,
    apiKey: SECRET_KEY,
    maxRetries: 0,
    fetch: async (input: string, init: RequestInit) => {
      const real = await fetch(input, init);
      return new GetterResponse(await real.text(), { status: real.status, headers: real.headers });
    },
  });
  const completion = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "getters" }] });
  return { reads, content: completion.choices[0].message.content };
}

describe.each(MAJORS)("openai v%i: tracing reads none of the caller's objects", (major) => {
  it("runs getters, toJSON, Proxy traps, map and Symbol.species exactly as often as without autolog, and records what was sent", async () => {
    const v = await loadSdk(major);
    const client = makeClient(v, fake());
    const without = await chatWithCallerObjects(client);
    const sent = fake().requests.map((r) => r.body);
    expect(without.getter).toBeGreaterThan(0);
    expect(without.toJSON).toBeGreaterThan(0);
    expect(without.proxy).toBeGreaterThan(0);

    autolog({ openai: v.sdk });
    fake().reset();
    const withAutolog = await chatWithCallerObjects(client);
    expect(withAutolog).toEqual(without);

    const spans = (await allTraces()).map((t) => t.spans[0]);
    expect(spans.map((s) => s.inputs)).toEqual(sent);
    // what the non-enumerable toJSON made of response_format is what was sent, and what the span shows
    expect((spans[1].inputs as any).response_format).toEqual({ type: "json_object" });
    expect(spans[0].attribute("mlflow.chat.tools")).toEqual([weatherTool("proxied")]);
    expect(spans[1].attribute("mlflow.chat.tools")).toEqual([weatherTool("listed")]);
  });

  it("records a parsed response without running its getters", async () => {
    const v = await loadSdk(major);
    const without = await chatWithResponseGetters(v, fake().url);
    autolog({ openai: v.sdk });
    const withAutolog = await chatWithResponseGetters(v, fake().url);
    expect(withAutolog).toEqual(without);
    const [span] = (await allTraces()).map((t) => t.spans[0]);
    expect((span.outputs as any).choices[0].message.content).toBe(withAutolog.content);
    // openai 7 parses the body text itself (no json() call, so no getter to protect); the others call json()
    if (major < 7) expect(without.reads.json).toBe(1);
    if (without.reads.json) expect((span.outputs as any).usage).toBe(ACCESSOR_NOT_READ);
    else expect((span.outputs as any).usage).toMatchObject({ prompt_tokens: 1, total_tokens: expect.any(Number) });
  });

  it("calls a structured-output parser exactly as often as without autolog", async () => {
    const v = await loadSdk(major);
    const client = makeClient(v, fake());
    const parse = async () => {
      let calls = 0;
      const responseFormat = {
        type: "json_schema",
        json_schema: { name: "echo", strict: true, schema: { type: "object", properties: {} } },
        $brand: "auto-parseable-response-format",
        $parseRaw: (content: string) => {
          calls++;
          return { raw: content };
        },
      };
      Object.defineProperty(responseFormat, "$brand", { enumerable: false });
      Object.defineProperty(responseFormat, "$parseRaw", { enumerable: false });
      fake().script({ text: '{"a":1}' });
      const helpers = major === 4 ? client.beta.chat.completions : client.chat.completions;
      const result = await helpers.parse({ model: "m", messages: [{ role: "user", content: "x" }], response_format: responseFormat });
      return { calls, parsed: result.choices[0].message.parsed };
    };
    const without = await parse();
    expect(without).toEqual({ calls: 1, parsed: { raw: '{"a":1}' } });
    autolog({ openai: v.sdk });
    expect(await parse()).toEqual(without);
    const [span] = (await allTraces()).map((t) => t.spans[0]);
    expect((span.outputs as any).choices[0].message.content).toBe('{"a":1}');
  });
});

const apiPromiseModules: Record<number, () => Promise<any>> = {
  5: () => import("openai-v5/core/api-promise"),
  6: () => import("openai-v6/core/api-promise"),
  7: () => import("openai-v7/core/api-promise"),
};

describe.each([5, 6, 7])("openai v%i: an embeddings response from a custom parser", (major) => {
  /** The SDK's own pattern: a parser returning entries whose `embedding` getter appends to the array it is in. */
  async function embedWithMutatingGetter(v: SdkVersion): Promise<{ reads: number; length: number }> {
    const { APIPromise } = await apiPromiseModules[major]();
    const client = makeClient(v, fake());
    const entries: any[] = [];
    let reads = 0;
    let value: unknown = "AACAPwAAAEA="; // base64 of float32 [1, 2]
    entries.push({
      object: "embedding",
      index: 0,
      get embedding() {
        reads++;
        entries.push({ object: "embedding", index: 1, embedding: "AACAPw==" });
        return value;
      },
      set embedding(decoded: unknown) {
        value = decoded;
      },
    });
    const data = { object: "list", data: entries, model: "e", usage: { prompt_tokens: 1, total_tokens: 1 } };
    const raw = new APIPromise(
      client,
      Promise.resolve({ response: new Response(null), options: { method: "post", path: "/embeddings" }, controller: new AbortController(), requestLogID: "x", retryOfRequestLogID: undefined, startTime: 0 }),
      () => data,
    );
    client.post = () => raw;
    const result = await client.embeddings.create({ model: "e", input: "x" });
    expect(result).toBe(data);
    return { reads, length: entries.length };
  }

  it("runs the getter as often as without autolog and records its entry as not read", async () => {
    const v = await loadSdk(major);
    const without = await embedWithMutatingGetter(v);
    autolog({ openai: v.sdk });
    expect(await embedWithMutatingGetter(v)).toEqual(without);
    const [span] = (await allTraces()).map((t) => t.spans[0]);
    expect((span.outputs as any).data[0].embedding).toBe(ACCESSOR_NOT_READ);
    expect(span.tokenUsage?.input_tokens).toBe(1);
  });
});

import type { FakeAnthropic } from "@traceloom/testkit";
import { ask, MODEL, type SdkVersion } from "./helpers.js";

async function collect(stream: AsyncIterable<unknown>, limit = 1_000): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const event of stream) {
    out.push(event);
    if (out.length >= limit) break;
  }
  return out;
}

async function errorOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
    return { threw: false };
  } catch (err: any) {
    return { threw: true, name: err?.constructor?.name, message: String(err?.message), status: err?.status, type: err?.error?.error?.type };
  }
}

const WEATHER_TOOL = { name: "get_weather", description: "Weather of a city", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } };

/**
 * Every traced method, and every way a caller holds what it returns, of one SDK major: the plain results
 * (JSON-comparable), and facts about the objects (classes, helpers, errors). Run without and with autolog, the
 * two results must be equal.
 */
export async function runScenario(v: SdkVersion, client: any, fake: FakeAnthropic): Promise<Record<string, unknown>> {
  fake.reset();
  const out: Record<string, unknown> = {};
  out.plain = await client.messages.create(ask("hello", { system: "Be brief." }));

  const withResponse = await client.messages.create(ask("with response")).withResponse();
  out.withResponse = { data: withResponse.data, status: withResponse.response.status, requestId: withResponse.request_id };
  const raw = await client.messages.create(ask("as response")).asResponse();
  out.asResponse = { status: raw.status, body: await raw.json() };

  const stream = await client.messages.create(ask("stream me", { stream: true }));
  out.streamInstanceOf = stream instanceof v.Stream;
  out.streamEvents = await collect(stream);
  out.secondIteration = (await errorOf(collect(stream))).message;

  const [left, right] = (await client.messages.create(ask("tee", { stream: true }))).tee();
  out.tee = [await collect(left), await collect(right)];

  out.earlyBreak = await collect(await client.messages.create(ask("stop early please", { stream: true })), 2);

  const helper = client.messages.stream(ask("helper"));
  const texts: string[] = [];
  helper.on("text", (delta: string) => texts.push(delta));
  out.helper = { instanceOf: helper instanceof v.MessageStream, final: await helper.finalMessage(), finalText: await helper.finalText(), texts };
  const helperResponse = await client.messages.stream(ask("helper response")).withResponse();
  out.helperWithResponse = { status: helperResponse.response.status, requestId: helperResponse.request_id };
  out.helperIterated = await collect(client.messages.stream(ask("helper iterated")));

  fake.script({ text: '{"city":"Paris","temp":21}' });
  const format = { type: "json_schema", schema: { type: "object", properties: { city: { type: "string" }, temp: { type: "number" } }, required: ["city", "temp"], additionalProperties: false } };
  const parsed = await client.messages.parse(ask("structured", { output_config: { format } }));
  out.parsed = { message: parsed, parsed_output: parsed.parsed_output };

  fake.script({ text: "", toolUse: { name: "get_weather", input: { city: "Paris" } } }, { text: "It is sunny in Paris." });
  const first = await client.messages.create(ask("Weather in Paris?", { tools: [WEATHER_TOOL] }));
  const toolUse = first.content.find((b: any) => b.type === "tool_use");
  const second = await client.messages.create({
    ...ask("Weather in Paris?", { tools: [WEATHER_TOOL] }),
    messages: [
      { role: "user", content: "Weather in Paris?" },
      { role: "assistant", content: first.content },
      { role: "user", content: [{ type: "tool_result", tool_use_id: toolUse.id, content: "sunny, 21C" }] },
    ],
  });
  out.tools = [first, second];

  out.beta = await client.beta.messages.create(ask("beta"));
  out.countTokens = await client.messages.countTokens({ model: MODEL, messages: [{ role: "user", content: "count these four words" }] });

  fake.script({ error: { status: 429, type: "rate_limit_error", message: "slow down" } });
  out.error429 = await errorOf(client.messages.create(ask("rate limited")));
  out.error400 = await errorOf(client.messages.create({ model: MODEL, messages: [{ role: "user", content: "no max_tokens" }] }));
  fake.script({ error: { status: 529, type: "overloaded_error", message: "overloaded" } });
  out.streamError = await errorOf(collect(client.messages.stream(ask("overloaded"))));

  const controller = new AbortController();
  fake.script({ eventDelayMs: 20 });
  const aborted = await client.messages.create(ask("abort me now please", { stream: true }), { signal: controller.signal });
  const seen: unknown[] = [];
  out.abort = await errorOf(
    (async () => {
      for await (const event of aborted) {
        seen.push(event);
        if (seen.length === 3) controller.abort();
      }
    })(),
  );
  out.abortSeen = seen.length;
  out.abortedBeforeSending = await errorOf(client.messages.create(ask("never sent"), { signal: AbortSignal.abort() }));
  return out;
}

import { getLastTraceId } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { chatHelpers, loadSdk, makeClient, MAJORS, onlySpan, user, useFakeAndStore } from "./helpers.js";

const fake = useFakeAndStore();

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects garbage `rounds` times (letting finalizers and I/O run in between), or until `done()`. */
async function collectGarbage(rounds: number, done: () => boolean = () => false): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  expect(gc, "run with --expose-gc").toBeTypeOf("function");
  for (let i = 0; i < rounds && !done(); i++) {
    gc!();
    await tick(10);
  }
}

const FORMAT = { type: "json_schema", json_schema: { name: "city", strict: true, schema: { type: "object", properties: { city: { type: "string" } } } } };

describe.each(MAJORS)("openai v%i: a request nobody awaits", (major) => {
  async function setup() {
    const v = await loadSdk(major);
    const client = makeClient(v, fake());
    autolog({ openai: v.sdk });
    return client;
  }

  it("ends its span, status OK with an abandoned event and no outputs, once its APIPromise is garbage-collected", async () => {
    const client = await setup();
    const before = getLastTraceId();
    (() => {
      client.chat.completions.create({ model: "m", messages: user("fire and forget") });
    })();
    // the request still goes out: wait for it too, so that it cannot take the next test's scripted reply
    await collectGarbage(100, () => getLastTraceId() !== before && fake().requests.length === 1);
    const span = await onlySpan();
    expect(span.name).toBe("ChatCompletions");
    expect((span.inputs as any).messages[0].content).toBe("fire and forget");
    expect(span.status.code).toBe("STATUS_CODE_OK");
    expect(span.events.map((e) => e.name)).toEqual(["abandoned"]);
    expect(span.outputs).toBeUndefined();
  });

  it("is not abandoned while the caller holds the promise parse() derived from it", async () => {
    const client = await setup();
    fake().script('{"city":"Paris"}');
    const pending = chatHelpers(client, major).parse({ model: "m", messages: user("which city?"), response_format: FORMAT });
    await collectGarbage(10);
    const res = await pending;
    expect(res.choices[0].message.parsed).toEqual({ city: "Paris" });
    const span = await onlySpan();
    expect(span.events.map((e) => e.name)).not.toContain("abandoned");
    expect((span.outputs as any).choices[0].message.content).toBe('{"city":"Paris"}');
  });

  it("is not abandoned once consumed, even if the APIPromise is collected before the response arrives", async () => {
    const client = await setup();
    fake().script({ text: "late answer", delayMs: 300 });
    const answer = (() => client.chat.completions.create({ model: "m", messages: user("x") }).then((r: any) => r.choices[0].message.content))();
    await collectGarbage(10);
    expect(await answer).toBe("late answer");
    const span = await onlySpan();
    expect(span.events.map((e) => e.name)).not.toContain("abandoned");
    expect((span.outputs as any).choices[0].message.content).toBe("late answer");
  });
});

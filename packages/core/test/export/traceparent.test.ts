import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  configure,
  extractTraceparent,
  flush,
  formatTraceparent,
  injectTraceparent,
  parseTraceparent,
  shutdown,
  startSpan,
  TraceClient,
  withIncomingRequest,
  withSpan,
} from "../../src/index.js";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";

beforeEach(async () => {
  await configure({ trackingUri: "memory:" });
});
afterEach(async () => {
  await shutdown();
});

describe("traceparent parsing (W3C Trace Context)", () => {
  it("reads trace ID, parent span ID and the sampled flag", () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
    expect(parseTraceparent(` 00-${TRACE}-${SPAN}-00 `)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: false });
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-03-future-field`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
  });

  it("refuses invalid values", () => {
    for (const bad of [
      undefined,
      "",
      `00-${TRACE.toUpperCase()}-${SPAN}-01`,
      `ff-${TRACE}-${SPAN}-01`,
      `00-${"0".repeat(32)}-${SPAN}-01`,
      `00-${TRACE}-${"0".repeat(16)}-01`,
      `00-${TRACE}-${SPAN}-01-extra`,
      `00-${TRACE.slice(1)}-${SPAN}-01`,
      `00-${TRACE}-${SPAN}`,
      `00-${TRACE}-${SPAN}-zz`,
    ]) {
      expect(parseTraceparent(bad)).toBeUndefined();
    }
  });

  it("formats what it parses", () => {
    expect(formatTraceparent(TRACE, SPAN, true)).toBe(`00-${TRACE}-${SPAN}-01`);
    expect(parseTraceparent(formatTraceparent(TRACE, SPAN, false))).toEqual({ traceId: TRACE, spanId: SPAN, sampled: false });
  });
});

describe("injectTraceparent / extractTraceparent", () => {
  it("injects the active span into a plain object or a fetch Headers, replacing any existing casing", () => {
    withSpan("client", (span) => {
      const plain = injectTraceparent({ Traceparent: "stale", accept: "application/json" });
      expect(plain).toEqual({ traceparent: `00-${span.otelTraceId}-${span.spanId}-01`, accept: "application/json" });
      const headers = injectTraceparent(new Headers({ traceparent: "stale" }));
      expect(headers.get("traceparent")).toBe(`00-${span.otelTraceId}-${span.spanId}-01`);
    });
  });

  it("leaves headers unchanged when no span is active, and injects an explicit span", () => {
    expect(injectTraceparent({ a: "1" })).toEqual({ a: "1" });
    const span = startSpan({ name: "explicit" });
    expect(injectTraceparent({}, span)).toEqual({ traceparent: `00-${span.otelTraceId}-${span.spanId}-01` });
    span.end();
  });

  it("marks a sampled-out span's header as not sampled", async () => {
    await configure({ trackingUri: "memory:", samplingRatio: 0 });
    withSpan("dropped", (span) => {
      expect(injectTraceparent<Record<string, string>>({}).traceparent).toBe(`00-${span.otelTraceId}-${span.spanId}-00`);
    });
  });

  it("extracts from Node's incoming headers, fetch Headers and arrays, case-insensitively", () => {
    const value = `00-${TRACE}-${SPAN}-01`;
    const expected = { traceId: TRACE, spanId: SPAN, sampled: true };
    expect(extractTraceparent({ traceparent: value })).toEqual(expected);
    expect(extractTraceparent({ TraceParent: [value, "ignored"] })).toEqual(expected);
    expect(extractTraceparent(new Headers({ traceparent: value }))).toEqual(expected);
    expect(extractTraceparent({ traceparent: "garbage" })).toBeUndefined();
    expect(extractTraceparent(undefined)).toBeUndefined();
  });
});

describe("a trace across two services", () => {
  let server: Server;
  let url: string;

  beforeEach(async () => {
    server = createServer((req, res) => {
      void withIncomingRequest(req.headers, { name: "POST /answer", spanType: "AGENT" }, async (span) => {
        span.setOutputs({ ok: true });
        res.end(JSON.stringify({ traceId: span.traceId, parentId: span.parentId }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/answer`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it("continues the caller's trace over real HTTP: same trace ID, server span under the client span", async () => {
    const { clientSpanId, traceId, answer } = await withSpan("call service B", async (span) => {
      const res = await fetch(url, { method: "POST", headers: injectTraceparent({ "content-type": "application/json" }) });
      return { clientSpanId: span.spanId, traceId: span.traceId, answer: (await res.json()) as { traceId: string; parentId: string } };
    });
    expect(answer).toEqual({ traceId, parentId: clientSpanId });
    await flush();

    const trace = await new TraceClient().getTrace(traceId);
    expect(trace!.spans.map((s) => [s.name, s.parentId])).toEqual([
      ["call service B", null],
      ["POST /answer", clientSpanId],
    ]);
  });

  it("starts a new trace for a request without traceparent, even inside an active span", async () => {
    const answer = await withSpan("unrelated", async (span) => {
      const res = await fetch(url, { method: "POST" });
      return { outer: span.traceId, got: (await res.json()) as { traceId: string; parentId: string | null } };
    });
    expect(answer.got.parentId).toBeNull();
    expect(answer.got.traceId).not.toBe(answer.outer);
  });

  it("records a request from a remote caller as that service's part of the caller's trace, rooted at its entry span", async () => {
    const res = await fetch(url, { method: "POST", headers: { traceparent: `00-${TRACE}-${SPAN}-01` } });
    expect(await res.json()).toEqual({ traceId: `tr-${TRACE}`, parentId: SPAN });
    await flush();

    const trace = await new TraceClient().getTrace(`tr-${TRACE}`);
    expect(trace!.info.metadata["traceloom.remoteParentSpanId"]).toBe(SPAN);
    expect(trace!.info.state).toBe("OK");
    expect(trace!.info.name).toBe("POST /answer");
    expect(trace!.spans.map((s) => [s.name, s.parentId])).toEqual([["POST /answer", SPAN]]);
    expect((await new TraceClient().searchTraces({ filter: "status = 'OK' AND name = 'POST /answer'" })).traces).toHaveLength(1);
  });
});

import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TraceDetailResponse, TracesResponse } from "../src/server/api-types.js";
import { CONTENT_SECURITY_POLICY } from "../src/server/security.js";
import { startViewer } from "../src/server/viewer-server.js";
import { HOSTILE_OUTPUT, seedStore, type SeededStore } from "./helpers/seed-store.js";
import { ASSETS_DIR, openViewer } from "./helpers/viewer.js";

let seeded: SeededStore;
let server: Awaited<ReturnType<typeof openViewer>>;
let base: string;

beforeAll(async () => {
  seeded = await seedStore();
  server = await openViewer(seeded.path);
  base = server.viewer.url;
});
afterAll(() => server?.close());

async function getJson<T>(path: string): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(new URL(path, base));
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

/** A raw request with a chosen Host header and a path sent as is (fetch allows neither). */
function rawGet(path: string, host = new URL(base).host): Promise<number> {
  return rawGetAt(Number(new URL(base).port), path, host);
}

function rawGetAt(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("viewer API", () => {
  it("binds 127.0.0.1 and lists experiments with their trace counts", async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const { body } = await getJson<{ experiments: { name: string; traceCount: number }[] }>("/api/experiments");
    expect(body.experiments.map((e) => [e.name, e.traceCount])).toEqual(expect.arrayContaining([["Default", 1], ["demo", seeded.demoIds.length]]));
  });

  it("lists trace summaries with tokens and cost, filtered and ordered", async () => {
    const all = await getJson<TracesResponse>("/api/traces");
    expect(all.body.traces.map((t) => t.traceId)).toEqual([seeded.hostileId, ...[...seeded.demoIds].reverse()]);
    const paris = all.body.traces.find((t) => t.traceId === seeded.demoIds[0]);
    expect(paris?.tokens?.total_tokens).toBeGreaterThan(0);
    expect(paris?.cost?.usd).toBeGreaterThan(0);
    expect(paris?.spanCount).toBe(6);
    const errors = await getJson<TracesResponse>("/api/traces?filter=" + encodeURIComponent("status = 'ERROR'"));
    expect(errors.body.traces.map((t) => t.traceId)).toEqual([seeded.demoIds[3]]);
    const slowest = await getJson<TracesResponse>("/api/traces?orderBy=" + encodeURIComponent("execution_time_ms DESC"));
    const latencies = slowest.body.traces.map((t) => t.executionTimeMs ?? 0);
    expect([...latencies].sort((a, b) => b - a)).toEqual(latencies);
  });

  it("pages with nextPageToken", async () => {
    const first = await getJson<TracesResponse>("/api/traces?maxResults=2");
    expect(first.body.traces).toHaveLength(2);
    const second = await getJson<TracesResponse>(`/api/traces?maxResults=2&pageToken=${first.body.nextPageToken}`);
    expect(second.body.traces[0].traceId).not.toBe(first.body.traces[0].traceId);
  });

  it("answers crafted page tokens with 400 and a clear message, never 500", async () => {
    for (const payload of [{ offset: 1e300 }, { offset: -5 }, { offset: "3" }, "garbage"]) {
      const token = Buffer.from(JSON.stringify(payload)).toString("base64url");
      const res = await getJson<{ error: string }>(`/api/traces?pageToken=${token}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/^Invalid page token ".*": pass the nextPageToken of the previous page unchanged$/);
    }
    const res = await getJson<{ error: string }>(`/api/traces?pageToken=${encodeURIComponent("%%%not base64")}`);
    expect(res.status).toBe(400);
  });

  it("answers a bad filter with 400, the message and the position", async () => {
    const r = await getJson<{ error: string; position: number }>("/api/traces?filter=" + encodeURIComponent("status = = 'OK'"));
    expect(r.status).toBe(400);
    expect(r.body.position).toBe(9);
    expect(r.body.error).toMatch(/^Invalid filter at position 9/);
    expect((await getJson("/api/traces?maxResults=0")).status).toBe(400);
  });

  it("lists sessions (none in the demo store) and rejects a bad maxResults or an unknown experiment with 400", async () => {
    const ok = await getJson<{ sessions: unknown[] }>("/api/sessions?experiment=demo");
    expect(ok).toMatchObject({ status: 200, body: { sessions: [] } });
    expect((await getJson("/api/sessions?maxResults=1001")).status).toBe(400);
    const unknown = await getJson<{ error: string }>("/api/sessions?experiment=nope");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/^Unknown experiment "nope"/);
  });

  it("returns a trace's spans with decoded inputs, model, usage and cost", async () => {
    const { body } = await getJson<TraceDetailResponse>(`/api/traces/${seeded.demoIds[0]}`);
    expect(body.summary.name).toBe("travel_agent");
    const llm = body.spans.filter((s) => s.spanType === "CHAT_MODEL");
    expect(llm).toHaveLength(2);
    expect(llm[0].model).toBe("gpt-4o-mini");
    expect(llm[0].costUsd).toBeCloseTo((llm[0].tokenUsage!.input_tokens * 0.15 + llm[0].tokenUsage!.output_tokens * 0.6) / 1e6, 12);
    expect(llm[0].messageFormat).toBe("openai");
    expect(llm[0].attributes).not.toHaveProperty("mlflow.spanInputs");
    const tool = body.spans.find((s) => s.name === "get_weather");
    expect(tool?.inputs).toEqual({ city: "Paris" });
    expect(tool?.startOffsetMs).toBeGreaterThan(0);
    const hostile = await getJson<TraceDetailResponse>(`/api/traces/${seeded.hostileId}`);
    expect(hostile.body.spans[0].outputs).toBe(`${HOSTILE_OUTPUT} for <i>hello</i>`);
  });

  it("answers unknown and malformed trace IDs with 404 and 400", async () => {
    expect((await getJson("/api/traces/tr-0123456789abcdef0123456789abcdef")).status).toBe(404);
    expect((await getJson("/api/traces/..%2F..%2Fetc%2Fpasswd")).status).toBe(400);
    expect((await getJson("/api/traces/abc")).status).toBe(400);
    const malformed = await getJson<{ error: string }>("/api/traces/%E0");
    expect([malformed.status, malformed.body.error]).toEqual([400, '"%E0" is not a valid trace ID (expected tr- followed by 32 hex digits)']);
    expect((await getJson("/api/traces/%E0/export")).status).toBe(400);
    expect((await getJson("/api/nothing")).status).toBe(404);
  });

  it("offers a trace as an MLflow JSON download", async () => {
    const res = await fetch(new URL(`/api/traces/${seeded.demoIds[1]}/export`, base));
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${seeded.demoIds[1]}.json"`);
    expect((await res.json()).info.trace_id).toBe(seeded.demoIds[1]);
  });
});

describe("viewer security", () => {
  it("sends a strict Content-Security-Policy and nosniff with every response", async () => {
    for (const path of ["/", "/app.js", "/api/traces", "/missing"]) {
      const res = await fetch(new URL(path, base));
      expect(res.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain("unsafe");
  });

  it("is read-only outside the assessment routes: anything but GET and HEAD is refused there", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const res = await fetch(new URL(`/api/traces/${seeded.demoIds[0]}`, base), { method });
      expect(res.status).toBe(405);
    }
    expect((await getJson<TracesResponse>("/api/traces")).body.traces).toHaveLength(seeded.demoIds.length + 1);
  });

  it("refuses foreign Host headers (DNS rebinding)", async () => {
    const port = new URL(base).port;
    expect(await rawGet("/api/traces", `evil.example:${port}`)).toBe(421);
    expect(await rawGet("/api/traces", `localhost:${port}`)).toBe(200);
    expect(await rawGet("/api/traces", `127.0.0.1:${port}`)).toBe(200);
    expect(await rawGet("/api/traces", `[::1]:${port}`)).toBe(200);
    expect(server.viewer.hostNames).toEqual(["127.0.0.1", "[::1]", "localhost"]);
  });

  it("also accepts the names given as allowedHosts, and no others", async () => {
    const proxied = await startViewer({ store: server.store, port: 0, assetsDir: ASSETS_DIR, allowedHosts: ["Traces.Example.test"] });
    try {
      const at = (host: string) => rawGetAt(proxied.port, "/api/info", host);
      expect(await at("traces.example.test")).toBe(200);
      expect(await at(`traces.example.test:${proxied.port}`)).toBe(200);
      expect(await at("other.example.test")).toBe(421);
    } finally {
      await proxied.close();
    }
  });

  it("answers a request path that is not a URL with 400 and keeps serving", async () => {
    expect(await rawGet("//")).toBe(400);
    expect(await rawGet("/api/info")).toBe(200);
  });

  it("serves only its own files", async () => {
    const index = await fetch(new URL("/", base));
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await index.text()).toContain('<script src="/app.js"></script>');
    expect((await fetch(new URL("/index.html/../../package.json", base))).status).toBe(404);
    expect((await fetch(new URL("/styles.css", base))).headers.get("content-type")).toBe("text/css; charset=utf-8");
  });
});

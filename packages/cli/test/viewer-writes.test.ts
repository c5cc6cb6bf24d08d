import { SqliteTraceStore, type AssessmentJSON } from "@traceloom/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InfoResponse, TraceDetailResponse } from "../src/server/api-types.js";
import { seedStore, type SeededStore } from "./helpers/seed-store.js";
import { openViewer } from "./helpers/viewer.js";

let seeded: SeededStore;
let server: Awaited<ReturnType<typeof openViewer>>;
let base: string;
let token: string;
let traceId: string;

beforeAll(async () => {
  seeded = await seedStore();
  server = await openViewer(seeded.path);
  base = server.viewer.url;
  token = ((await (await fetch(new URL("/api/info", base))).json()) as InfoResponse).writeToken;
  traceId = seeded.demoIds[0];
});
afterAll(() => server?.close());

const origin = () => base.replace(/\/$/, "");
const assessmentsUrl = (id = traceId) => new URL(`/api/traces/${id}/assessments`, base);

/** A write as the viewer's page sends it; `headers` override or (as undefined) remove the page's. */
async function write(method: string, url: URL, body: unknown, headers: Record<string, string | undefined> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const all: Record<string, string | undefined> = { "Content-Type": "application/json", "X-Traceloom-Token": token, Origin: origin(), ...headers };
  const res = await fetch(url, {
    method,
    headers: Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined)),
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** The trace's assessments as the API shows them. */
async function assessments(id = traceId): Promise<AssessmentJSON[]> {
  return ((await (await fetch(new URL(`/api/traces/${id}`, base))).json()) as TraceDetailResponse).assessments;
}

describe("viewer writes (assessments only, CSRF-safe)", () => {
  it("hands its page a random per-server write token and the reviewer's name", async () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const other = await openViewer(seeded.path);
    try {
      const info = (await (await fetch(new URL("/api/info", other.viewer.url))).json()) as InfoResponse;
      expect(info.writeToken).not.toBe(token);
      expect(info.reviewer).toEqual(expect.any(String));
    } finally {
      await other.close();
    }
  });

  it("gives, changes and removes feedback, stored in the file with the trace (the viewer's own store stays read-only)", async () => {
    const created = await write("POST", assessmentsUrl(), { value: false, rationale: "wrong answer" });
    expect(created.status).toBe(201);
    const a = created.body.assessment as AssessmentJSON;
    expect(a).toMatchObject({ assessment_name: "user_feedback", trace_id: traceId, feedback: { value: false }, rationale: "wrong answer", source: { source_type: "HUMAN" } });
    expect(await assessments()).toEqual([a]);
    const onDisk = new SqliteTraceStore(seeded.path, { readonly: true });
    expect(onDisk.getTrace(traceId)!.info.json.assessments).toEqual([a]);
    onDisk.close();

    const patched = await write("PATCH", new URL(`${assessmentsUrl().pathname}/${a.assessment_id}`, base), { value: true, rationale: "" });
    expect(patched.status).toBe(200);
    expect(await assessments()).toEqual([expect.objectContaining({ assessment_id: a.assessment_id, feedback: { value: true } })]);
    expect((await assessments())[0]).not.toHaveProperty("rationale");

    const deleted = await write("DELETE", new URL(`${assessmentsUrl().pathname}/${a.assessment_id}`, base), undefined, { "Content-Type": undefined });
    expect(deleted.status).toBe(200);
    expect(await assessments()).toEqual([]);
  });

  it("refuses with 403 a write without the token, with a wrong one, from a foreign or null Origin, cross-site, or not JSON", async () => {
    const refused: Record<string, Record<string, string | undefined>> = {
      "no token": { "X-Traceloom-Token": undefined },
      "wrong token": { "X-Traceloom-Token": "0".repeat(64) },
      "foreign origin": { Origin: "http://evil.example" },
      "same host, other port": { Origin: origin().replace(/:\d+$/, ":1") },
      "null origin": { Origin: "null" },
      "cross-site fetch": { "Sec-Fetch-Site": "cross-site" },
      "form post": { "Content-Type": "application/x-www-form-urlencoded" },
      "text/plain": { "Content-Type": "text/plain" },
    };
    for (const [why, headers] of Object.entries(refused)) {
      const r = await write("POST", assessmentsUrl(), why === "form post" ? "value=false" : { value: false }, headers);
      expect(r.status, why).toBe(403);
      expect(String(r.body.error), why).toMatch(/^Refused: /);
    }
    expect(await assessments()).toEqual([]);
  });

  it("takes writes only on the assessment routes, and checks what it is sent", async () => {
    expect((await write("POST", new URL(`/api/traces/${traceId}`, base), { value: 1 })).status).toBe(405);
    expect((await write("PUT", assessmentsUrl(), { value: 1 })).status).toBe(405);
    expect((await write("POST", assessmentsUrl(), "{not json")).status).toBe(400);
    expect((await write("POST", assessmentsUrl(), { rationale: "no value" })).status).toBe(400);
    expect((await write("POST", assessmentsUrl(), { value: 1, spanId: "nope" })).status).toBe(400);
    expect((await write("POST", assessmentsUrl("tr-0123456789abcdef0123456789abcdef"), { value: 1 })).status).toBe(404);
    expect((await write("PATCH", new URL(`${assessmentsUrl().pathname}/a-missing`, base), { value: 1 })).status).toBe(404);
    expect((await write("POST", assessmentsUrl(), "x".repeat(70_000))).status).toBe(413);
    expect(await assessments()).toEqual([]);
  });
});

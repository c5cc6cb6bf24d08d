import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteTraceStore } from "@traceloom/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InfoResponse, TraceDetailResponse } from "../src/server/api-types.js";
import type { RunResponse, RunsResponse } from "../src/server/run-routes.js";
import { recordRuns, type SeededRuns } from "./helpers/seed-runs.js";
import { openViewer } from "./helpers/viewer.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-runs-api-"));
const path = join(dir, "traces.db");
let seeded: SeededRuns;
let server: Awaited<ReturnType<typeof openViewer>>;
let base: string;
let token: string;

beforeAll(async () => {
  seeded = await recordRuns(path);
  server = await openViewer(path);
  base = server.viewer.url;
  token = ((await (await fetch(new URL("/api/info", base))).json()) as InfoResponse).writeToken;
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async <T>(p: string) => {
  const res = await fetch(new URL(p, base));
  return { status: res.status, body: (await res.json()) as T & { error?: string } };
};

async function write(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(p, base), {
    method,
    headers: { "Content-Type": "application/json", "X-Traceloom-Token": token, Origin: base.replace(/\/$/, ""), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as { error?: string; tags?: Record<string, string> } };
}

const tagsOf = async (id: string) => (await get<TraceDetailResponse>(`/api/traces/${id}`)).body.summary.tags;

describe("viewer API: runs", () => {
  it("lists runs with their record and counts, and answers one run by ID", async () => {
    const { status, body } = await get<RunsResponse>("/api/runs");
    expect(status).toBe(200);
    expect(body.runs.map((r) => [r.name, r.status, r.traceCount, r.errorCount])).toEqual([
      ["smoke", "KILLED", 1, 0],
      ["dry-run", "FINISHED", 0, 0],
      ["eval-weather", "FINISHED", 3, 1],
    ]);
    const one = await get<RunResponse>(`/api/runs/${seeded.evalRunId}`);
    expect(one.body.run).toMatchObject({ runId: seeded.evalRunId, params: { model: "gpt-4o-mini", top_k: "3" }, tags: { suite: "weather" }, totalTokens: 51 });
    expect((await get(`/api/runs/${"0".repeat(32)}`)).status).toBe(404);
    expect((await get("/api/runs/not%20an%20id")).status).toBe(400);
    expect((await get("/api/runs?experiment=nope")).status).toBe(400);
  });
});

describe("viewer API: trace tags (guarded writes)", () => {
  it("adds, changes and removes a tag, stored in the file", async () => {
    const id = seeded.outsideId;
    expect((await write("POST", `/api/traces/${id}/tags`, { key: "reviewed", value: "yes" })).body.tags).toMatchObject({ reviewed: "yes" });
    expect((await write("POST", `/api/traces/${id}/tags`, { key: "reviewed", value: "twice" })).status).toBe(200);
    const onDisk = new SqliteTraceStore(path, { readonly: true });
    expect(onDisk.getTrace(id)!.info.tags.reviewed).toBe("twice");
    onDisk.close();
    expect((await tagsOf(id)).reviewed).toBe("twice");
    expect((await write("DELETE", `/api/traces/${id}/tags/reviewed`)).status).toBe(200);
    expect(await tagsOf(id)).not.toHaveProperty("reviewed");
    expect((await write("DELETE", `/api/traces/${id}/tags/reviewed`)).status).toBe(404);
  });

  it("refuses reserved keys, bad bodies, unknown traces and unguarded writes, changing nothing", async () => {
    const id = seeded.evalTraceIds[0];
    const before = await tagsOf(id);
    const reserved = await write("POST", `/api/traces/${id}/tags`, { key: "mlflow.traceName", value: "renamed" });
    expect(reserved.status).toBe(400);
    expect(reserved.body.error).toMatch(/"mlflow.traceName" is reserved/);
    expect((await write("DELETE", `/api/traces/${id}/tags/mlflow.traceName`)).status).toBe(400);
    expect((await write("DELETE", `/api/traces/${id}/tags/traceloom.run`)).status).toBe(400);
    expect((await write("POST", `/api/traces/${id}/tags`, { key: "", value: "x" })).status).toBe(400);
    expect((await write("POST", `/api/traces/${id}/tags`, { key: "k", value: 3 })).status).toBe(400);
    expect((await write("POST", `/api/traces/${id}/tags`, { key: "k", value: "x".repeat(4097) })).status).toBe(400);
    expect((await write("POST", `/api/traces/tr-${"0".repeat(32)}/tags`, { key: "k", value: "v" })).status).toBe(404);
    expect((await write("POST", `/api/traces/${id}/tags`, { key: "k", value: "v" }, { "X-Traceloom-Token": "0".repeat(64) })).status).toBe(403);
    expect((await write("POST", `/api/traces/${id}/tags`, { key: "k", value: "v" }, { Origin: "http://evil.example" })).status).toBe(403);
    expect((await write("PATCH", `/api/traces/${id}/tags/k`, { value: "v" })).status).toBe(405);
    expect(await tagsOf(id)).toEqual(before);
  });
});

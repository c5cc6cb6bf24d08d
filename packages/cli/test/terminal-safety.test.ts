import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, flush, getLastTraceId, logFeedback, shutdown, trace, withSpan } from "@traceloom/core";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./helpers/run.js";

// What an LLM (or a prompt injection through it) can put into span names, outputs and error messages.
const TITLE = "\x1b]0;pwned\x07";
const CLEAR = "\x1b[2J\x1b[H";
const LINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\";
const C1_CSI = "\u009b31m";
const BIDI = "\u202eevil\u202c";
const HOSTILE = `${TITLE}${CLEAR}${LINK}${C1_CSI}${BIDI}\b\rdone`;

/** Bytes a terminal acts on: C0 controls but newline, DEL, C1 controls, bidirectional overrides. */
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let env: NodeJS.ProcessEnv;
let id: string;

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), "traceloom-hostile-")), "traces.db");
  await configure({ trackingUri: path });
  const agent = trace(
    async (question: string) => {
      await withSpan({ name: `tool ${HOSTILE}`, spanType: "TOOL" }, async (span) => {
        span.setInputs({ text: question });
        span.setOutputs(HOSTILE);
      });
      throw new Error(`failed: ${HOSTILE}`);
    },
    { name: `agent ${HOSTILE}` },
  );
  await agent(HOSTILE).catch(() => undefined);
  id = getLastTraceId() as string;
  await trace(async (question: string) => `${question} → ${HOSTILE}`, { name: "echo" })(HOSTILE);
  await flush();
  await logFeedback({ traceId: id, name: `thumbs ${HOSTILE}`, value: false, rationale: `because ${HOSTILE}`, source: { sourceType: "HUMAN", sourceId: HOSTILE } });
  await shutdown();
  env = { TRACELOOM_TRACKING_URI: path };
});

describe("untrusted text printed by the CLI", () => {
  it("traces list shows escapes, never the raw control bytes", async () => {
    const r = await cli(["traces", "list"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(id);
    expect(r.stdout).not.toMatch(ACTIVE);
    expect(r.stdout).toContain("agent \\x1b]0;pwned\\x07");
  });

  it("traces show prints names, error messages and previews escaped", async () => {
    const r = await cli(["traces", "show", id, "--preview", "400"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ACTIVE);
    expect(r.stdout).toContain("tool \\x1b]0;pwned\\x07\\x1b[2J");
    expect(r.stdout).toContain("\\x9b31m\\u202eevil\\u202c\\x08\\x0ddone");
    expect(r.stdout).toContain("✗ Error: failed: \\x1b]0;pwned");
    expect(r.stdout).toContain("feedback thumbs \\x1b]0;pwned\\x07");
    expect(r.stdout).toContain("— because \\x1b]0;pwned\\x07");
  });

  it("JSON output escapes them too and still parses to the same text", async () => {
    const list = await cli(["traces", "list", "--json"], env);
    const show = await cli(["traces", "show", id, "--json"], env);
    const exported = await cli(["traces", "export", id], env);
    const golden = await cli(["traces", "export", "name = 'echo'", "--format", "jsonl"], env);
    for (const r of [list, show, exported, golden]) {
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(ACTIVE);
    }
    const shown = JSON.parse(show.stdout) as { data: { spans: { name: string }[] } };
    expect(shown.data.spans.map((s) => s.name).sort()).toEqual([`agent ${HOSTILE}`, `tool ${HOSTILE}`]);
    expect(JSON.parse(golden.stdout.trim().split("\n")[0])).toMatchObject({ inputs: { question: HOSTILE }, expectations: { expected_response: `${HOSTILE} → ${HOSTILE}` } });
  });
});

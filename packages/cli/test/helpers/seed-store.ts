import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, flush, getLastTraceId, shutdown, trace } from "@traceloom/core";
import { runDemo } from "../../src/demo/run-demo.js";

/** Text a model might return that would run as script if the viewer rendered it as HTML. */
export const HOSTILE_OUTPUT = `<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"><b>bold?</b>`;

/** A store filled by real traced runs. */
export interface SeededStore {
  dir: string;
  path: string;
  /**
   * The demo's traces, in the order asked: Paris (tool loop), viewer question, Atlantis (tool error), failed call,
   * the Gemini walk planner (a function call through @google/genai), then Claude's trip planner.
   */
  demoIds: string[];
  /** The demo's Claude trace (Anthropic Messages calls with thinking and a tool). */
  claudeId: string;
  /** A trace whose output holds {@link HOSTILE_OUTPUT}, in the Default experiment. */
  hostileId: string;
}

/**
 * Runs the demo agent (real openai SDK against the fake server, real SQLite) and a traced function returning
 * HTML/script, into a fresh SQLite file.
 */
export async function seedStore(): Promise<SeededStore> {
  const dir = mkdtempSync(join(tmpdir(), "traceloom-cli-"));
  const path = join(dir, "traces.db");
  const { traceIds } = await runDemo({ trackingUri: path, write: () => undefined });
  await configure({ trackingUri: path });
  const render = trace(async (prompt: string) => `${HOSTILE_OUTPUT} for ${prompt}`, { name: "render_html", spanType: "LLM" });
  await render("<i>hello</i>");
  const hostileId = getLastTraceId() as string;
  await flush();
  await shutdown();
  return { dir, path, demoIds: traceIds, claudeId: traceIds[5], hostileId };
}

/** A copy of the store (for tests that delete). */
export function copyStore(seeded: SeededStore, name: string): string {
  const copy = join(seeded.dir, name);
  copyFileSync(seeded.path, copy);
  return copy;
}

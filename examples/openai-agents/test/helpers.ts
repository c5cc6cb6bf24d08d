import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Span, Trace } from "@traceloom/core";

/** Runs the example the way its package script does (`tsx <file>`), offline against the stand-in, traces in memory. */
export async function runWithTsx(file: string): Promise<string> {
  const dir = fileURLToPath(new URL("..", import.meta.url));
  const env: NodeJS.ProcessEnv = { ...process.env, TRACELOOM_TRACKING_URI: "memory:", NO_COLOR: "1" };
  delete env.OPENAI_API_KEY;
  const { stdout } = await promisify(execFile)(fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url)), [file], { cwd: dir, env, timeout: 60_000 });
  return stdout;
}

/** The tree as indented `name [TYPE]` lines, children in start order: one string to compare a whole shape. */
export function treeOf(trace: Trace): string {
  const lines: string[] = [];
  const visit = (span: Span, depth: number) => {
    lines.push(`${"  ".repeat(depth)}${span.name} [${span.spanType}]`);
    if (depth < 20) for (const child of trace.childrenOf(span.spanId).sort((a, b) => a.startTimeNs - b.startTimeNs)) visit(child, depth + 1);
  };
  if (trace.rootSpan) visit(trace.rootSpan, 0);
  return lines.join("\n");
}

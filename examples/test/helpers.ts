import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Span, Trace } from "@traceloom/core";

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

/** The one span named `name` (throws when there is not exactly one). */
export function onlySpan(trace: Trace, name: string): Span {
  const found = trace.searchSpans({ name });
  if (found.length !== 1) throw new Error(`expected one span "${name}", found ${found.length}`);
  return found[0];
}

/**
 * Runs an example the way its package script does (`tsx <file>` in its package folder — this one, or an example
 * package of its own such as `mastra/`), offline against the stand-in and with traces kept in memory; resolves to
 * what it printed.
 */
export async function runWithTsx(file: string, packageDir = fileURLToPath(new URL("..", import.meta.url))): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, TRACELOOM_TRACKING_URI: "memory:", NO_COLOR: "1" };
  delete env.OPENAI_API_KEY;
  delete env.ANTHROPIC_API_KEY;
  const { stdout } = await promisify(execFile)(join(packageDir, "node_modules", ".bin", "tsx"), [file], { cwd: packageDir, env, timeout: 110_000 });
  return stdout;
}

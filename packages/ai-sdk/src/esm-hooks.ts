/**
 * Module customization hooks of `@traceloom/ai-sdk/register` (registered with `module.register`; Node runs them off
 * the main thread). An import that resolves to the ES module main entry of an `ai` 6 package gets a small module in
 * its place: everything the real module exports, except the functions of {@link WRAPPED_EXPORTS}, which are the
 * traced wrappers of v6-wrappers.ts around the real ones. The real module is loaded once and left as it is.
 */
import { fileURLToPath } from "node:url";
import { ai6EntryKind } from "./ai6-package.js";
import { WRAPPED_EXPORTS } from "./v6-export-names.js";

/** Marks the URL of the module served in place of ai 6's main entry. */
const MARK = "traceloom-ai6-wrapper";

interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: { parentURL?: string }) => Promise<ResolveResult>;
type NextLoad = (url: string, context: unknown) => Promise<{ format?: string | null; source?: unknown; shortCircuit?: boolean }>;

/** The wrappers' module: this file's sibling in the same build. */
const wrappersUrl = new URL("./v6-wrappers.js", import.meta.url).href;

function isAi6Entry(url: string): boolean {
  try {
    return url.startsWith("file:") && ai6EntryKind(fileURLToPath(url)) === "import";
  } catch {
    return false;
  }
}

/** Resolves as Node does; ai 6's ES module main entry, imported by anyone but the module served for it, is swapped. */
export async function resolve(specifier: string, context: { parentURL?: string }, next: NextResolve): Promise<ResolveResult> {
  const result = await next(specifier, context);
  if (context.parentURL?.endsWith(`?${MARK}`) || !isAi6Entry(result.url)) return result;
  return { ...result, url: `${result.url}?${MARK}`, shortCircuit: true };
}

/** The module served for ai 6's main entry: its exports, with the wrapped ones shadowing the real ones. */
function wrapperSource(realUrl: string): string {
  const real = JSON.stringify(realUrl);
  return [
    `import * as real from ${real};`,
    `import { wrapV6Exports } from ${JSON.stringify(wrappersUrl)};`,
    `export * from ${real};`,
    `const wrapped = wrapV6Exports(real);`,
    // A local export shadows the star export of the same name.
    ...WRAPPED_EXPORTS.map((name) => `export const ${name} = wrapped.${name} ?? real.${name};`),
    "",
  ].join("\n");
}

/** Loads as Node does, except the module served for ai 6's main entry. */
export async function load(url: string, context: unknown, next: NextLoad): Promise<{ format?: string | null; source?: unknown; shortCircuit?: boolean }> {
  if (!url.endsWith(`?${MARK}`)) return next(url, context);
  return { format: "module", source: wrapperSource(url.slice(0, -MARK.length - 1)), shortCircuit: true };
}

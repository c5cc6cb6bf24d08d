import { fileURLToPath } from "node:url";

type StackHolder = { stack?: NodeJS.CallSite[] };

/**
 * The file (a path) of the code that called `fn`, read from V8's structured stack; undefined when it has no file
 * (the REPL, `node -e`, a built-in). Plugins pass their `autolog` function to learn which module of the
 * application called it. Never throws, and leaves `Error.prepareStackTrace` and `Error.stackTraceLimit` as they
 * were.
 *
 * @param fn - The function whose caller is wanted; it and everything above it are cut from the stack.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any function can mark the stack's top
export function callerFileOf(fn: Function): string | undefined {
  const { prepareStackTrace, stackTraceLimit } = Error;
  try {
    Error.stackTraceLimit = 1;
    Error.prepareStackTrace = (_error, sites) => sites;
    const holder: StackHolder = {};
    Error.captureStackTrace(holder, fn);
    const file = holder.stack?.[0]?.getFileName();
    if (!file || file.startsWith("node:")) return undefined;
    return file.startsWith("file:") ? fileURLToPath(file) : file;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

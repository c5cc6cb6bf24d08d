import { QueryTimeoutError } from "@traceloom/core";
import { CommanderError } from "commander";
import { UserError } from "../store-access.js";
import { processIo, type CliIo } from "./io.js";
import { buildProgram } from "./program.js";

/**
 * Runs the CLI on `args` (the words after `traceloom`) and resolves to the exit code: 0 on success, 1 for a
 * failure (missing store, unknown trace), 2 for bad usage (unknown option, bad filter). Never calls process.exit.
 */
export async function runCli(args: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(args, { from: "user" });
    return 0;
  } catch (err) {
    return reportFailure(err, io);
  }
}

/**
 * Reports why a run failed and returns its exit code: a {@link UserError} as its one-line message with its own
 * code; a search stopped at its deadline as "narrow it" and 1; commander's usage errors (already printed) as 2; anything else as an internal error — a bug in traceloom,
 * said so, with its stack — and 1.
 */
export function reportFailure(err: unknown, io: Pick<CliIo, "stderr">): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  if (err instanceof UserError) {
    io.stderr(`Error: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof QueryTimeoutError) {
    io.stderr(`Error: ${err.message.replace(/ms and was stopped/, "ms and was stopped (--query-timeout)")}\n`);
    return 1;
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  io.stderr(`Internal error (a bug in traceloom; please report it with what follows): ${detail}\n`);
  return 1;
}

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
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UserError) {
      io.stderr(`Error: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr(`Unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

import { runCli } from "../../src/cli/run-cli.js";

/** The outcome of one in-process CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `traceloom <args>` in-process with captured output and the given environment (nothing from the real one). */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
    color: false,
    commandName: "traceloom",
    untilInterrupted: () => Promise.resolve(),
  });
  return { code, stdout, stderr };
}

import { basename, isAbsolute, relative } from "node:path";

/** Where a CLI run writes and what it reads from its surroundings; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** ANSI colours in terminal output. */
  color: boolean;
  /** How the user ran the CLI, to repeat in hints: "traceloom", or "node path/to/bin.js". */
  commandName: string;
  /** Resolves when the user asks a long-running command (`ui`) to stop. */
  untilInterrupted(): Promise<void>;
}

/** The real process: stdout/stderr, the environment, Ctrl-C. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    commandName: invokedAs(process.argv[1]),
    untilInterrupted: () =>
      new Promise((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      }),
  };
}

/** "traceloom" when run through its bin link, else `node <script>` (relative when below the working directory). */
export function invokedAs(script: string | undefined): string {
  if (!script || basename(script) === "traceloom") return "traceloom";
  const rel = relative(process.cwd(), script);
  return `node ${rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : script}`;
}

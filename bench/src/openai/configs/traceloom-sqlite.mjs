/** traceloom's OpenAI autolog with its default destination, a local SQLite file (in a temporary folder). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, exportStats, flush } from "@traceloom/core";
import { autolog } from "@traceloom/openai";

export const description = "`configure({ trackingUri: <tmp>/traceloom.db })` + `autolog()` (the default SQLite store)";

/**
 * @param {{ OpenAI: any, clientOptions: object }} ctx
 */
export async function setup({ OpenAI, clientOptions }) {
  await configure({ trackingUri: join(mkdtempSync(join(tmpdir(), "traceloom-bench-")), "traceloom.db") });
  autolog();
  return {
    client: new OpenAI(clientOptions),
    finish: async () => {
      await flush();
      return { recorded: exportStats().reduce((n, s) => n + s.exported, 0) };
    },
  };
}

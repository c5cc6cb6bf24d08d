/**
 * One OpenAI configuration alone, for a CPU profile (how FINDINGS.md was made):
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof src/openai/profile-one.mjs traceloom-sink [calls]
 * Starts the fake server in this process, makes `calls` sequential calls (default 8000), prints what was recorded.
 */
import * as openaiModule from "openai";
import { startFakeOpenAI } from "@traceloom/testkit";
import { chatRequest } from "./workload.mjs";

const name = process.argv[2] ?? "traceloom-sink";
const calls = Number(process.argv[3] ?? 8000);
const config = await import(`./configs/${name}.mjs`);
const fake = await startFakeOpenAI();
const clientOptions = { baseURL: fake.url, apiKey: "sk-bench-not-a-key", maxRetries: 0 };
const { client, finish } = await config.setup({ OpenAI: openaiModule.default, openaiModule, clientOptions });
for (let i = 0; i < calls; i++) await client.chat.completions.create(chatRequest);
process.stderr.write(`${name}: ${calls} calls, recorded ${JSON.stringify(await finish())}\n`);
await fake.close();
process.exit(0);

/**
 * One OpenAI configuration in a process of its own (peers patch the SDK globally). Sets the configuration up,
 * then answers the parent's commands over IPC: `{ type: "run", calls }` → the wall time of each call and the
 * process's CPU time per call (which includes export work done between calls), in ms;
 * `{ type: "finish" }` → what the configuration recorded (spans reaching its exporter), then exits.
 * Usage: `node worker.mjs <config>` with FAKE_OPENAI_URL set (LANGFUSE_SINK_URL for langfuse, FAKE_ANTHROPIC_URL for
 * the anthropic configurations).
 */
import * as openaiModule from "openai";
import { msSince, now } from "../clock.mjs";
import { chatRequest } from "./workload.mjs";

const OpenAI = openaiModule.default;

async function main() {
  const name = process.argv[2];
  const config = await import(`./configs/${name}.mjs`);
  const clientOptions = { baseURL: process.env.FAKE_OPENAI_URL, apiKey: "sk-bench-not-a-key", maxRetries: 0 };
  const setUp = await config.setup({ OpenAI, openaiModule, clientOptions });
  const { client, finish } = setUp;
  // a configuration of another SDK brings its own call (resolving to the reply's text)
  const call = setUp.call ?? (() => client.chat.completions.create(chatRequest).then((r) => r.choices?.[0]?.message?.content));
  if (!(await call())) throw new Error("the fake server's reply has no content");
  process.send({ type: "ready" });
  process.on("message", async (message) => {
    try {
      if (message.type === "run") {
        const samples = [];
        const cpuStart = process.cpuUsage();
        for (let i = 0; i < message.calls; i++) {
          const start = now();
          await call();
          samples.push(msSince(start));
        }
        const cpu = process.cpuUsage(cpuStart);
        process.send({ type: "samples", samples, cpuMsPerCall: (cpu.user + cpu.system) / 1000 / message.calls });
      } else if (message.type === "finish") {
        const result = await finish();
        const { rss, heapUsed } = process.memoryUsage();
        process.send({ type: "finished", ...result, rss, heapUsed }, () => process.exit(0));
      }
    } catch (err) {
      process.send({ type: "error", message: String(err?.stack ?? err) }, () => process.exit(1));
    }
  });
}

main().catch((err) => {
  process.send({ type: "error", message: String(err?.stack ?? err) }, () => process.exit(1));
});

/**
 * One Gemini configuration in a process of its own, driven like the OpenAI workers (see ../openai/worker.mjs):
 * `{ type: "run", calls }` → wall time per call and CPU time per call in ms; `{ type: "finish" }` → spans recorded.
 * Usage: `node worker.mjs <config>` with FAKE_GEMINI_URL set.
 */
import * as genai from "@google/genai";
import { msSince, now } from "../clock.mjs";
import { generateRequest } from "./workload.mjs";

async function main() {
  const name = process.argv[2];
  const config = await import(`./configs/${name}.mjs`);
  const clientOptions = { apiKey: "bench-not-a-key", httpOptions: { baseUrl: process.env.FAKE_GEMINI_URL } };
  const { client, finish } = await config.setup({ genai, clientOptions });
  const call = () => client.models.generateContent(generateRequest);
  const check = await call();
  if (!check.text) throw new Error("the fake Gemini server's reply has no text");
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

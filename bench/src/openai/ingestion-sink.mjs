/**
 * A loopback stand-in for Langfuse's ingestion endpoint (`POST /api/public/ingestion`): it reads each batch, counts
 * its events by type and answers as the service does, so the Langfuse SDK's export runs for real without a network.
 */
import { createServer } from "node:http";

/**
 * Starts the sink on 127.0.0.1 (a free port).
 * @returns {Promise<{ url: string, events: Record<string, number>, close: () => Promise<void> }>}
 */
export async function startIngestionSink() {
  const events = {};
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      let successes = [];
      try {
        const batch = JSON.parse(Buffer.concat(chunks).toString("utf8")).batch ?? [];
        for (const event of batch) events[event.type] = (events[event.type] ?? 0) + 1;
        successes = batch.map((event) => ({ id: event.id, status: 201 }));
      } catch {
        // not an ingestion batch: answered with no successes
      }
      res.writeHead(207, { "content-type": "application/json" });
      res.end(JSON.stringify({ successes, errors: [] }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

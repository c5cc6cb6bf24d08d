import type { ServerResponse } from "node:http";
import { LoopbackServer, type Received } from "./loopback-server.js";
import { decodeExportRequest, encodeExportResponse, spansOf, type DecodedExport, type DecodedSpan } from "./otlp-proto.js";

/** Answers an OTLP/HTTP protobuf trace export as a collector does. */
export function answerOtlp(req: Received, res: ServerResponse): void {
  decodeExportRequest(req.body);
  res.writeHead(200, { "content-type": "application/x-protobuf" }).end(Buffer.from(encodeExportResponse()));
}

/** An OTLP receiver on 127.0.0.1: `POST /v1/traces`, bodies decoded with the official proto definitions. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const server = await new LoopbackServer((req, res) => {
    if (req.method === "POST" && req.path === "/v1/traces") answerOtlp(req, res);
    else res.writeHead(404).end();
  }).start();
  return new OtlpReceiver(server);
}

/** The receiver's view of what arrived. */
export class OtlpReceiver {
  constructor(readonly server: LoopbackServer) {}

  get url(): string {
    return `${this.server.url}/v1/traces`;
  }

  /** Successfully accepted exports, decoded. */
  exports(): { headers: Received["headers"]; body: DecodedExport }[] {
    return acceptedOtlp(this.server.requests);
  }

  /** Every span accepted so far. */
  spans(): DecodedSpan[] {
    return this.exports().flatMap((e) => spansOf(e.body));
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** The OTLP exports among `requests` that the server accepted (the failed ones are recorded too). */
export function acceptedOtlp(requests: Received[]): { headers: Received["headers"]; body: DecodedExport }[] {
  return requests
    .filter((r) => r.path === "/v1/traces" && r.status === 200)
    .map((r) => ({ headers: r.headers, body: decodeExportRequest(r.body) }));
}

import { DEFAULT_PORT, startViewer } from "../../server/viewer-server.js";
import { openStore } from "../../store-access.js";
import { portNumber, type CommandContext } from "../context.js";
import { listenFailure } from "../listen-error.js";

/** Options of `traceloom ui`. */
export interface UiOptions {
  port?: string;
  host?: string;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

/** `traceloom ui`: serves the viewer on 127.0.0.1, prints its URL, and runs until interrupted. */
export async function serveUi(ctx: CommandContext, options: UiOptions): Promise<void> {
  const port = portNumber("--port", options.port, DEFAULT_PORT);
  const host = options.host ?? "127.0.0.1";
  const store = openStore(ctx.uri);
  try {
    let viewer;
    try {
      viewer = await startViewer({ store, host, port, prices: ctx.prices });
    } catch (err) {
      throw listenFailure(err, host, port) ?? err;
    }
    if (!LOOPBACK.has(host)) ctx.io.stderr(`Warning: listening on ${host}, so anyone who can reach it can read your traces.\n`);
    ctx.io.stdout(`traceloom viewer for ${store.uri}\n${viewer.url}\nPress Ctrl-C to stop.\n`);
    await ctx.io.untilInterrupted();
    await viewer.close();
  } finally {
    store.close();
  }
}

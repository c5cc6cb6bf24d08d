import { DEFAULT_PORT, startViewer } from "../../server/viewer-server.js";
import { allowedHostName, isLoopbackHost } from "../../server/allowed-hosts.js";
import { openStore, UserError } from "../../store-access.js";
import { portNumber, type CommandContext } from "../context.js";
import { listenFailure } from "../listen-error.js";

/** Options of `traceloom ui`. */
export interface UiOptions {
  port?: string;
  host?: string;
  allowedHost?: string[];
}

function checkAllowedHosts(names: string[]): void {
  const bad = names.find((name) => allowedHostName(name) === undefined);
  if (bad !== undefined) throw new UserError(`--allowed-host must be a host name or address (optionally with :port), got "${bad}"`, 2);
}

/**
 * `traceloom ui`: serves the viewer on 127.0.0.1 (or `--host`), prints its URL, and runs until interrupted.
 * `--allowed-host` adds names the Host header may carry; any other name is refused (DNS rebinding).
 */
export async function serveUi(ctx: CommandContext, options: UiOptions): Promise<void> {
  const port = portNumber("--port", options.port, DEFAULT_PORT);
  const host = options.host ?? "127.0.0.1";
  const allowedHosts = options.allowedHost ?? [];
  checkAllowedHosts(allowedHosts);
  const store = openStore(ctx.uri, { queryTimeoutMs: ctx.queryTimeoutMs });
  try {
    let viewer;
    try {
      viewer = await startViewer({ store, host, port, prices: ctx.prices, allowedHosts, queryTimeoutMs: ctx.queryTimeoutMs });
    } catch (err) {
      throw listenFailure(err, host, port) ?? err;
    }
    if (!isLoopbackHost(host)) {
      ctx.io.stderr(
        `Warning: listening on ${host}, so anyone who can reach it can read your traces.\n` +
          `It answers to ${viewer.hostNames.join(", ")}; name others (a proxy, a DNS name) with --allowed-host.\n`,
      );
    }
    ctx.io.stdout(`traceloom viewer for ${store.uri}\n${viewer.url}\nPress Ctrl-C to stop.\n`);
    await ctx.io.untilInterrupted();
    await viewer.close();
  } finally {
    store.close();
  }
}

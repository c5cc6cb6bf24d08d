import type { Socket } from "node:net";

interface PendingDelay {
  timer: NodeJS.Timeout;
  resolve: (elapsed: boolean) => void;
}

/**
 * Owns everything that could keep the process alive: timers and sockets.
 * `shutdown()` cancels all of them so a test never hangs on the fake server.
 */
export class Lifecycle {
  private readonly delays = new Set<PendingDelay>();
  private readonly sockets = new Set<Socket>();
  private closed = false;

  /** True once `shutdown()` ran. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Track a socket so it can be destroyed on shutdown. */
  track(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
  }

  /**
   * Wait `ms` milliseconds. Resolves `true` when the time elapsed, `false` when cancelled by
   * shutdown or by `cancelOn` (e.g. the client went away).
   */
  delay(ms: number, cancelOn?: AbortSignal): Promise<boolean> {
    if (this.closed || cancelOn?.aborted) return Promise.resolve(false);
    if (!(ms > 0)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const onAbort = () => finish(false);
      const pending: PendingDelay = {
        timer: setTimeout(() => finish(true), ms),
        resolve: (elapsed) => finish(elapsed),
      };
      const finish = (elapsed: boolean) => {
        if (!this.delays.delete(pending)) return;
        clearTimeout(pending.timer);
        cancelOn?.removeEventListener("abort", onAbort);
        resolve(elapsed);
      };
      this.delays.add(pending);
      cancelOn?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Cancel every pending delay and destroy every tracked socket. */
  shutdown(): void {
    this.closed = true;
    for (const pending of [...this.delays]) pending.resolve(false);
    for (const socket of [...this.sockets]) socket.destroy();
    this.sockets.clear();
  }
}

import { Worker } from "node:worker_threads";
import type { ApiResult } from "./api-routes.js";
import type { QueryReply, QueryRequest, QueryWorkerData } from "./query-protocol.js";

interface Job {
  req: QueryRequest;
  resolve(result: ApiResult): void;
  reject(err: Error): void;
}

/**
 * One query worker and the requests waiting for it, answered in order. A request the server gives up on is
 * dropped from the queue, or, when it is the one running, the worker is cancelled (its statement stops at the next
 * row it visits) and replaced.
 */
export class QueryLane {
  private worker!: Worker;
  private cancel!: Int32Array;
  private readonly queue: Job[] = [];
  private current: Job | undefined;
  private closed = false;

  constructor(
    private readonly script: URL | string,
    private readonly data: Omit<QueryWorkerData, "cancel">,
  ) {
    this.spawn();
  }

  private spawn(): void {
    const cancel = new SharedArrayBuffer(4);
    this.cancel = new Int32Array(cancel);
    const worker = new Worker(this.script, { workerData: { ...this.data, cancel } satisfies QueryWorkerData });
    worker.unref();
    worker.on("message", (reply: QueryReply) => {
      const job = this.current;
      if (worker !== this.worker || !job || job.req.id !== reply.id) return;
      this.current = undefined;
      if (reply.result) job.resolve(reply.result);
      else job.reject(new Error(reply.error));
      this.pump();
    });
    worker.on("error", (err) => this.failed(worker, err));
    worker.on("exit", (code) => this.failed(worker, new Error(`the query worker exited (code ${code})`)));
    this.worker = worker;
  }

  /** The worker died: its request fails, a new worker takes the queue. */
  private failed(worker: Worker, err: Error): void {
    if (worker !== this.worker || this.closed) return;
    const job = this.current;
    this.current = undefined;
    job?.reject(err);
    this.spawn();
    this.pump();
  }

  /** Queues a request; resolves with the worker's result. */
  submit(req: QueryRequest): Promise<ApiResult> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error("the viewer is shutting down"));
      this.queue.push({ req, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.current = job;
    this.worker.postMessage(job.req);
  }

  /** Gives up on request `id`: out of the queue, or the running statement cancelled and the worker replaced. */
  abandon(id: number): void {
    const i = this.queue.findIndex((j) => j.req.id === id);
    if (i >= 0) {
      this.queue.splice(i, 1);
      return;
    }
    if (this.current?.req.id !== id) return;
    this.current = undefined;
    this.stopWorker();
    this.spawn();
    this.pump();
  }

  private stopWorker(): Promise<number> {
    Atomics.store(this.cancel, 0, 1);
    return this.worker.terminate();
  }

  /** Cancels what runs, fails what waits, and stops the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new Error("the viewer is shutting down");
    for (const job of this.queue.splice(0)) job.reject(err);
    this.current?.reject(err);
    this.current = undefined;
    await this.stopWorker();
  }
}

import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import type { SpillRef } from "./protocol.js";

/**
 * A temporary file holding packed batches the writer thread has not caught up with, so a burst costs disk, not
 * memory. The file is reset once the writer has read everything in it, and removed when the queue closes.
 */
export class SpillFile {
  readonly path = join(tmpdir(), `traceloom-spill-${process.pid}-${threadId}-${Date.now().toString(36)}.bin`);
  private fd: number | undefined;
  private end = 0;

  /** Appends a batch; returns where it is. Throws on I/O errors (disk full): the caller decides what to do. */
  append(data: Uint8Array): SpillRef {
    this.fd ??= openSync(this.path, "w+", 0o600);
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written, this.end + written);
    const ref = { path: this.path, offset: this.end, length: data.length };
    this.end += data.length;
    return ref;
  }

  /** Bytes currently held. */
  get size(): number {
    return this.end;
  }

  /** Starts over at offset 0: call only once every batch in the file has been read. */
  reset(): void {
    this.end = 0;
  }

  remove(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.end = 0;
    rmSync(this.path, { force: true });
  }
}

/** Reads a spilled batch back (in the writer thread), through a descriptor cached per file. */
export class SpillReader {
  private readonly fds = new Map<string, number>();

  read(ref: SpillRef): Uint8Array {
    let fd = this.fds.get(ref.path);
    if (fd === undefined) {
      fd = openSync(ref.path, "r");
      this.fds.set(ref.path, fd);
    }
    const data = Buffer.allocUnsafe(ref.length);
    let read = 0;
    while (read < ref.length) {
      const n = readSync(fd, data, read, ref.length - read, ref.offset + read);
      if (n === 0) throw new Error(`spill file ${ref.path} ends before byte ${ref.offset + ref.length}`);
      read += n;
    }
    return data;
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

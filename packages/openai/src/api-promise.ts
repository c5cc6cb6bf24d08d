import { logOnce, nowNs } from "@traceloom/core";
import { onAbandoned } from "./abandoned.js";

/** The SDK's `APIPromise` internals this package relies on (the same in openai 4 to 7). */
interface SdkApiPromise {
  responsePromise: Promise<unknown>;
  parseResponse: (...args: unknown[]) => unknown;
  _thenUnwrap: unknown;
}

/** True for the SDK's `APIPromise`: a promise with `responsePromise`, `parseResponse` and `_thenUnwrap`. */
export function isApiPromise(value: unknown): value is SdkApiPromise {
  if (typeof value !== "object" || value === null) return false;
  const p = value as Partial<SdkApiPromise>;
  return (
    typeof p._thenUnwrap === "function" &&
    typeof p.parseResponse === "function" &&
    typeof (p.responsePromise as Promise<unknown> | undefined)?.then === "function"
  );
}

/** What to do with the outcome of one request. */
export interface ApiPromiseObserver {
  /** The parsed body: a response object, or the SDK `Stream` for `stream: true`. */
  parsed(data: unknown): void;
  /** The request or the parsing failed (HTTP status, network, abort, bad body). */
  failed(error: unknown): void;
  /** The response arrived but its body was never parsed (e.g. only `.asResponse()` was used). */
  unread(arrivedAtNs: number): void;
}

/**
 * Observes an `APIPromise` in place and returns that same object, so `.withResponse()`, `.asResponse()`,
 * `._thenUnwrap()` (what `parse()` and the helpers chain on) and `instanceof` behave exactly as without tracing.
 * Its `responsePromise` is replaced by one that reports failures and rethrows them unchanged (a request nobody
 * awaits still rejects unhandled, as before), and its `parseResponse` by one that reports the parsed body.
 */
export function observeApiPromise<T>(promise: T & SdkApiPromise, observer: ApiPromiseObserver): T {
  const originalParse = promise.parseResponse;
  const seen = { arrivedNs: 0, dropped: false };
  promise.responsePromise = promise.responsePromise.then(
    (props) => {
      seen.arrivedNs = nowNs();
      if (seen.dropped) report(() => observer.unread(seen.arrivedNs));
      return props;
    },
    (err: unknown) => {
      report(() => observer.failed(err));
      throw err;
    },
  );
  promise.parseResponse = function (this: unknown, ...args: unknown[]) {
    return Promise.resolve(originalParse.apply(this, args)).then(
      (data) => {
        report(() => observer.parsed(data));
        return data;
      },
      (err: unknown) => {
        report(() => observer.failed(err));
        throw err;
      },
    );
  };
  onAbandoned(promise, {
    abandon: () => {
      seen.dropped = true;
      if (seen.arrivedNs) observer.unread(seen.arrivedNs);
    },
  });
  return promise;
}

function report(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    logOnce("openai.apiPromise", "could not record an OpenAI response", err);
  }
}

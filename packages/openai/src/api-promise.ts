import { nowNs } from "@traceloom/core";
import { warnOnce } from "./log.js";

/** The SDK's `APIPromise` internals this package relies on (openai 4 to 7). */
interface SdkApiPromise {
  responsePromise: Promise<unknown>;
  parseResponse: (...args: unknown[]) => unknown;
  _thenUnwrap: (...args: unknown[]) => unknown;
  asResponse: () => Promise<unknown>;
}

/** True for the SDK's `APIPromise`: a promise with `responsePromise`, `parseResponse` and `_thenUnwrap`. */
export function isApiPromise(value: unknown): value is SdkApiPromise {
  if (typeof value !== "object" || value === null) return false;
  const p = value as Partial<SdkApiPromise>;
  return (
    typeof p._thenUnwrap === "function" &&
    typeof p.parseResponse === "function" &&
    typeof p.asResponse === "function" &&
    typeof (p.responsePromise as Promise<unknown> | undefined)?.then === "function"
  );
}

/** What to do with the outcome of one request. */
export interface ApiPromiseObserver {
  /** The parsed body: a response object, or the SDK `Stream` for `stream: true`. */
  parsed(data: unknown): void;
  /** The request or the parsing failed (HTTP status, network, abort, bad body). */
  failed(error: unknown): void;
  /** The raw response was taken with `.asResponse()` and its body is not parsed by the SDK. */
  unread(arrivedAtNs: number): void;
}

/** Shared by a promise and the promises the SDK derives from it (`parse()`, helpers): one request. */
interface RequestState {
  parsing: boolean;
}

function report(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    warnOnce("openai.apiPromise", "could not record an OpenAI response", err);
  }
}

/**
 * `responsePromise` becomes an accessor: each read (by `parse()`, `asResponse()` or `_thenUnwrap()`) gets a chain
 * that reports a failure and rethrows it unchanged. Chains are made only when the SDK consumes the promise, so a
 * request nobody awaits still rejects unhandled, exactly as before.
 */
function observeFailures(promise: SdkApiPromise, observer: ApiPromiseObserver): void {
  const descriptor = Object.getOwnPropertyDescriptor(promise, "responsePromise");
  if (!descriptor || !("value" in descriptor)) return;
  let source = descriptor.value as Promise<unknown>;
  Object.defineProperty(promise, "responsePromise", {
    configurable: true,
    enumerable: descriptor.enumerable,
    get: () =>
      source.then(undefined, (err: unknown) => {
        report(() => observer.failed(err));
        throw err;
      }),
    set: (value: Promise<unknown>) => {
      source = value;
    },
  });
}

/** `parseResponse` reports the parsed body (or the parse failure) and returns it unchanged. */
function observeParse(promise: SdkApiPromise, observer: ApiPromiseObserver, state: RequestState): void {
  const original = promise.parseResponse;
  promise.parseResponse = function (this: unknown, ...args: unknown[]) {
    state.parsing = true;
    return Promise.resolve(original.apply(this, args)).then(
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
}

/**
 * Observes an `APIPromise` in place and returns that same object, so `.withResponse()`, `.asResponse()`,
 * `._thenUnwrap()` (what `parse()` and the helpers chain on) and `instanceof` behave exactly as without tracing.
 * Promises the SDK derives through an instance-level `_thenUnwrap` (openai 7) are observed the same way.
 */
export function observeApiPromise<T>(promise: T & SdkApiPromise, observer: ApiPromiseObserver, state: RequestState = { parsing: false }): T {
  observeFailures(promise, observer);
  observeParse(promise, observer, state);
  if (Object.prototype.hasOwnProperty.call(promise, "_thenUnwrap")) {
    const thenUnwrap = promise._thenUnwrap;
    promise._thenUnwrap = function (this: unknown, ...args: unknown[]) {
      const derived = thenUnwrap.apply(this, args);
      try {
        if (isApiPromise(derived)) observeApiPromise(derived, observer, state);
      } catch (err) {
        warnOnce("openai.apiPromise.derived", "could not observe a derived OpenAI promise", err);
      }
      return derived;
    };
  }
  const asResponse = promise.asResponse;
  Object.defineProperty(promise, "asResponse", {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function (this: unknown) {
      return asResponse.call(this).then((response) => {
        if (!state.parsing) report(() => observer.unread(nowNs()));
        return response;
      });
    },
  });
  return promise;
}

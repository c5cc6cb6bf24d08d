import { nowNs } from "@traceloom/core";
import { onAbandoned, type Abandonable } from "./abandoned.js";
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

/**
 * What to do with the outcome of one request. `abandon()` is called when the promise the caller holds is
 * garbage-collected before the SDK consumed it (never awaited): nothing else will be reported then.
 */
export interface ApiPromiseObserver extends Abandonable {
  /**
   * The SDK parsed the response body (a response object, or the SDK `Stream` for `stream: true`) and hands it to
   * a helper's transform (`parse()`), whose outcome is still to come.
   */
  received(data: unknown): void;
  /** The promise the caller holds resolved to `data`: the parsed body, or what a helper made of it. */
  resolved(data: unknown): void;
  /** The request, the parsing or a helper's transform failed (HTTP status, network, abort, bad body, bad JSON). */
  failed(error: unknown): void;
  /** The raw response was taken with `.asResponse()` and its body is not parsed by the SDK. */
  unread(arrivedAtNs: number): void;
}

/** Shared by a promise and the promises the SDK derives from it (`parse()`, helpers): one request. */
interface RequestState {
  parsing: boolean;
}

/** One observed promise: whether a helper derived another promise from it (then that one is the caller's). */
interface PromiseState {
  derived: boolean;
  /** Cancels the abandonment watch: the promise was consumed, or handed on to the promise derived from it. */
  consumed: () => void;
}

function report(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    warnOnce("openai.apiPromise", "could not record an OpenAI response", err);
  }
}

/**
 * `responsePromise` becomes an accessor: each read (by `parse()`, `asResponse()` or `_thenUnwrap()`) marks the
 * promise consumed and gets a chain that reports a failure and rethrows it unchanged. Chains are made only when
 * the SDK consumes the promise, so a request nobody awaits still rejects unhandled, exactly as before.
 */
function observeFailures(promise: SdkApiPromise, observer: ApiPromiseObserver, own: PromiseState): void {
  const descriptor = Object.getOwnPropertyDescriptor(promise, "responsePromise");
  if (!descriptor || !("value" in descriptor)) return;
  let source = descriptor.value as Promise<unknown>;
  Object.defineProperty(promise, "responsePromise", {
    configurable: true,
    enumerable: descriptor.enumerable,
    get: () => {
      own.consumed();
      return source.then(undefined, (err: unknown) => {
        report(() => observer.failed(err));
        throw err;
      });
    },
    set: (value: Promise<unknown>) => {
      source = value;
    },
  });
}

/**
 * `parseResponse` reports the parse failure, or — when this is the promise the caller holds, not one a helper
 * derived another from — the parsed body; it returns the outcome unchanged.
 */
function observeParse(promise: SdkApiPromise, observer: ApiPromiseObserver, request: RequestState, own: PromiseState): void {
  const original = promise.parseResponse;
  promise.parseResponse = function (this: unknown, ...args: unknown[]) {
    request.parsing = true;
    return Promise.resolve(original.apply(this, args)).then(
      (data) => {
        if (!own.derived) report(() => observer.resolved(data));
        return data;
      },
      (err: unknown) => {
        report(() => observer.failed(err));
        throw err;
      },
    );
  };
}

/** A helper's transform that first reports the body it is given. */
function receivingTransform(transform: (...args: unknown[]) => unknown, observer: ApiPromiseObserver) {
  return function (this: unknown, data: unknown, ...rest: unknown[]) {
    report(() => observer.received(data));
    return transform.call(this, data, ...rest);
  };
}

/**
 * `_thenUnwrap` (what `parse()` and the helpers chain on; an own property in openai 7, inherited before) reports
 * the body its transform is given and observes the promise it derives, which is then the one whose outcome ends
 * the request: a transform that throws (bad JSON, length limit) fails the request the caller sees fail.
 */
function observeDerivation(promise: SdkApiPromise, observer: ApiPromiseObserver, request: RequestState, own: PromiseState): void {
  const descriptor = Object.getOwnPropertyDescriptor(promise, "_thenUnwrap");
  const thenUnwrap = promise._thenUnwrap;
  const traced = function (this: unknown, transform: unknown, ...rest: unknown[]) {
    const wrapped = typeof transform === "function" ? receivingTransform(transform as (...args: unknown[]) => unknown, observer) : transform;
    const derived = thenUnwrap.call(this, wrapped, ...rest);
    try {
      if (isApiPromise(derived)) {
        own.derived = true;
        observeApiPromise(derived, observer, request);
        own.consumed();
      }
    } catch (err) {
      warnOnce("openai.apiPromise.derived", "could not observe a derived OpenAI promise", err);
    }
    return derived;
  };
  Object.defineProperty(promise, "_thenUnwrap", descriptor ? { ...descriptor, value: traced } : { configurable: true, writable: true, enumerable: false, value: traced });
}

/** `asResponse()` reports a body that the SDK will not parse. */
function observeUnread(promise: SdkApiPromise, observer: ApiPromiseObserver, request: RequestState): void {
  const asResponse = promise.asResponse;
  Object.defineProperty(promise, "asResponse", {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function (this: unknown) {
      return asResponse.call(this).then((response) => {
        if (!request.parsing) report(() => observer.unread(nowNs()));
        return response;
      });
    },
  });
}

/**
 * Observes an `APIPromise` in place and returns that same object, so `.withResponse()`, `.asResponse()`,
 * `._thenUnwrap()` (what `parse()` and the helpers chain on) and `instanceof` behave exactly as without tracing.
 * The promises a helper derives from it are observed the same way, as the same request. Until the SDK consumes
 * it (`await`, `.then()`, `.asResponse()`, a helper's `_thenUnwrap()`), the promise is watched: dropped unread,
 * it is reported to `observer.abandon()` when garbage-collected.
 */
export function observeApiPromise<T>(promise: T & SdkApiPromise, observer: ApiPromiseObserver, request: RequestState = { parsing: false }): T {
  const own: PromiseState = { derived: false, consumed: onAbandoned(promise, observer) };
  observeFailures(promise, observer, own);
  observeParse(promise, observer, request, own);
  observeDerivation(promise, observer, request, own);
  observeUnread(promise, observer, request);
  return promise;
}

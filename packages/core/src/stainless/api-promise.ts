import { nowNs } from "../entities/clock.js";
import { stopWatching, watchAbandoned, type Abandonable } from "./abandoned.js";
import { logOnce } from "../log.js";

/** The `APIPromise` internals of Stainless-generated SDKs relied on (openai 4 to 7, @anthropic-ai/sdk 0.x and 1.x). */
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

type AnyFn = (...args: unknown[]) => unknown;

/**
 * One observed promise: its request, the SDK's own `responsePromise` value and methods it replaces, and whether
 * a helper derived another promise from it (then that one is the caller's). It is also the token of its
 * abandonment watch.
 */
class ObservedPromise {
  derived = false;

  constructor(
    readonly observer: ApiPromiseObserver,
    readonly request: RequestState,
    /** The SDK's `responsePromise`, when it was a plain value that the accessor now stands for. */
    public source: Promise<unknown> | undefined,
    readonly thenUnwrap: AnyFn,
    readonly asResponse: () => Promise<unknown>,
  ) {}

  /** Cancels the abandonment watch: the promise was consumed, or handed on to the promise derived from it. */
  consumed(): void {
    stopWatching(this);
  }
}

/**
 * The state of each observed promise. The replaced members are functions shared by every promise (no closures
 * per call) that find their promise's state here.
 */
const observedPromises = new WeakMap<object, ObservedPromise>();

function report(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    logOnce("sdk.apiPromise", "could not record an SDK response", err);
  }
}

/** The SDK's own `key` method of `obj`: the nearest one on its prototype chain that is not `traced`. */
function sdkMethod(obj: object, key: string, traced: AnyFn): AnyFn {
  let node: object | null = obj;
  for (let depth = 0; node && depth < 20; depth++) {
    const value = Object.getOwnPropertyDescriptor(node, key)?.value as unknown;
    if (typeof value === "function" && value !== traced) return value as AnyFn;
    node = Object.getPrototypeOf(node) as object | null;
  }
  throw new TypeError(`no SDK method ${key} found`);
}

/** Reads of `responsePromise`: marks the promise consumed and gives a chain that reports a failure and rethrows it. */
function readResponsePromise(this: object): Promise<unknown> | undefined {
  const state = observedPromises.get(this);
  if (!state?.source) return undefined;
  state.consumed();
  const observer = state.observer;
  return state.source.then(undefined, (err: unknown) => {
    report(() => observer.failed(err));
    throw err;
  });
}

/** Writes of `responsePromise`: the new value is the one later reads chain on. */
function writeResponsePromise(this: object, value: Promise<unknown>): void {
  const state = observedPromises.get(this);
  if (state) state.source = value;
  else Object.defineProperty(this, "responsePromise", { value, writable: true, configurable: true, enumerable: true });
}

const responsePromiseAccessor = (enumerable: boolean | undefined): PropertyDescriptor => ({
  configurable: true,
  enumerable,
  get: readResponsePromise,
  set: writeResponsePromise,
});
const ENUMERABLE_RESPONSE_PROMISE = responsePromiseAccessor(true);
const HIDDEN_RESPONSE_PROMISE = responsePromiseAccessor(false);

/**
 * `responsePromise` becomes an accessor: each read (by `parse()`, `asResponse()` or `_thenUnwrap()`) marks the
 * promise consumed and gets a chain that reports a failure and rethrows it unchanged. Chains are made only when
 * the SDK consumes the promise, so a request nobody awaits still rejects unhandled, exactly as before.
 */
function observeFailures(promise: SdkApiPromise, enumerable: boolean | undefined): void {
  Object.defineProperty(promise, "responsePromise", enumerable ? ENUMERABLE_RESPONSE_PROMISE : HIDDEN_RESPONSE_PROMISE);
}

/**
 * `parseResponse` reports the parse failure, or — when this is the promise the caller holds, not one a helper
 * derived another from — the parsed body; it returns the outcome unchanged. A closure: openai 4 calls it detached.
 */
function observeParse(promise: SdkApiPromise, state: ObservedPromise): void {
  const original = promise.parseResponse;
  promise.parseResponse = function (this: unknown, ...args: unknown[]) {
    state.request.parsing = true;
    return Promise.resolve(original.apply(this, args)).then(
      (data) => {
        if (!state.derived) report(() => state.observer.resolved(data));
        return data;
      },
      (err: unknown) => {
        report(() => state.observer.failed(err));
        throw err;
      },
    );
  };
}

/** A helper's transform that first reports the body it is given. */
function receivingTransform(transform: AnyFn, observer: ApiPromiseObserver) {
  return function (this: unknown, data: unknown, ...rest: unknown[]) {
    report(() => observer.received(data));
    return transform.call(this, data, ...rest);
  };
}

/**
 * `_thenUnwrap` (what `parse()` and the helpers chain on) reports the body its transform is given and observes
 * the promise it derives, which is then the one whose outcome ends the request: a transform that throws (bad
 * JSON, length limit) fails the request the caller sees fail.
 */
function tracedThenUnwrap(this: SdkApiPromise, transform: unknown, ...rest: unknown[]): unknown {
  const state = observedPromises.get(this);
  if (!state) return sdkMethod(this, "_thenUnwrap", tracedThenUnwrap).call(this, transform, ...rest);
  const wrapped = typeof transform === "function" ? receivingTransform(transform as AnyFn, state.observer) : transform;
  const derived = state.thenUnwrap.call(this, wrapped, ...rest);
  try {
    if (isApiPromise(derived)) {
      state.derived = true;
      observeApiPromise(derived, state.observer, state.request);
      state.consumed();
    }
  } catch (err) {
    logOnce("sdk.apiPromise.derived", "could not observe a derived SDK promise", err);
  }
  return derived;
}

/** `asResponse()` reports a body that the SDK will not parse. */
function tracedAsResponse(this: SdkApiPromise): Promise<unknown> {
  const state = observedPromises.get(this);
  const asResponse = state ? state.asResponse : (sdkMethod(this, "asResponse", tracedAsResponse) as () => Promise<unknown>);
  return asResponse.call(this).then((response) => {
    if (state && !state.request.parsing) report(() => state.observer.unread(nowNs()));
    return response;
  });
}

const HIDDEN_THEN_UNWRAP: PropertyDescriptor = { configurable: true, writable: true, enumerable: false, value: tracedThenUnwrap };
const HIDDEN_AS_RESPONSE: PropertyDescriptor = { configurable: true, writable: true, enumerable: false, value: tracedAsResponse };

/** `_thenUnwrap` is an own property in some openai versions (kept with its flags), inherited in others. */
function observeDerivation(promise: SdkApiPromise): void {
  const descriptor = Object.getOwnPropertyDescriptor(promise, "_thenUnwrap");
  Object.defineProperty(promise, "_thenUnwrap", descriptor ? { ...descriptor, value: tracedThenUnwrap } : HIDDEN_THEN_UNWRAP);
}

/**
 * Observes an `APIPromise` in place and returns that same object, so `.withResponse()`, `.asResponse()`,
 * `._thenUnwrap()` (what `parse()` and the helpers chain on) and `instanceof` behave exactly as without tracing.
 * The promises a helper derives from it are observed the same way, as the same request. Until the SDK consumes
 * it (`await`, `.then()`, `.asResponse()`, a helper's `_thenUnwrap()`), the promise is watched: dropped unread,
 * it is reported to `observer.abandon()` when garbage-collected.
 */
export function observeApiPromise<T>(promise: T & SdkApiPromise, observer: ApiPromiseObserver, request: RequestState = { parsing: false }): T {
  const descriptor = Object.getOwnPropertyDescriptor(promise, "responsePromise");
  const hasValue = descriptor !== undefined && "value" in descriptor;
  const state = new ObservedPromise(observer, request, hasValue ? (descriptor.value as Promise<unknown>) : undefined, promise._thenUnwrap, promise.asResponse);
  observedPromises.set(promise, state);
  watchAbandoned(promise, observer, state);
  if (hasValue) observeFailures(promise, descriptor.enumerable);
  observeParse(promise, state);
  observeDerivation(promise);
  Object.defineProperty(promise, "asResponse", HIDDEN_AS_RESPONSE);
  return promise;
}

/**
 * The body of each traced request as the SDK serialized and sent it: the span records that (parsed back from the
 * JSON text) instead of the caller's arguments, so the caller's objects — getters, `toJSON`, Proxies, array
 * subclasses — are read by the SDK alone, exactly as often as without tracing, and the span shows what was sent.
 *
 * The SDK's client turns `create(body)` into `request(options)` synchronously, then builds the HTTP request
 * (`buildRequest(options)`, where the body is serialized) a few microtasks later. A traced call opens a
 * synchronous window ({@link whileCalling}); the first `request()` inside it tags its options object, and
 * `buildRequest()` of tagged options reports the serialized body.
 */

/** Told the JSON text of the request body the SDK sent. */
export type SentBodyListener = (body: string) => void;

type AnyFn = (...args: unknown[]) => unknown;

/** The listener of the traced call whose synchronous part is running. */
let pending: SentBodyListener | undefined;

/** The listener of each request's (resolved) options object. */
const listeners = new WeakMap<object, SentBodyListener>();

/** Runs `fn` (a traced SDK call) so that the request it starts reports its serialized body to `listener`. */
export function whileCalling<T>(listener: SentBodyListener, fn: () => T): T {
  const previous = pending;
  pending = listener;
  try {
    return fn();
  } finally {
    pending = previous;
  }
}

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function tag(options: unknown, listener: SentBodyListener): void {
  if (typeof options === "object" && options !== null) listeners.set(options, listener);
}

/**
 * `request(options)`: the first call in a traced call's window tags the options it will resolve to. The reaction is
 * registered before the SDK awaits the options, so the tag is there when the SDK goes on; a rejection is the
 * SDK's to report, not ours.
 */
export function tracedRequest(original: AnyFn): AnyFn {
  return function (this: unknown, ...args: unknown[]) {
    const listener = pending;
    if (listener) {
      pending = undefined;
      const options = args[0];
      if (isThenable(options)) options.then((resolved) => tag(resolved, listener), () => undefined);
      else tag(options, listener);
    }
    return original.apply(this, args);
  };
}

function report(listener: SentBodyListener, built: unknown): void {
  const body = (built as { req?: { body?: unknown } } | null)?.req?.body;
  if (typeof body === "string") listener(body);
}

/** `buildRequest(options)` (sync in openai 4, async later): reports the body it serialized for tagged options. */
export function tracedBuildRequest(original: AnyFn): AnyFn {
  return function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    const options = args[0];
    const listener = typeof options === "object" && options !== null ? listeners.get(options) : undefined;
    if (listener) {
      if (isThenable(result)) result.then((built) => report(listener, built), () => undefined);
      else report(listener, result);
    }
    return result;
  };
}

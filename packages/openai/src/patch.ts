import { tracedCall } from "./traced-call.js";
import type { TracedMethod } from "./targets.js";

type AnyFn = ((...args: unknown[]) => unknown) & { [ORIGINAL]?: AnyFn };

/** Marks a traceloom wrapper and points at the SDK function it wraps (shared by both builds of this package). */
const ORIGINAL = Symbol.for("traceloom.openai.original");

/** The SDK's own function behind `fn`, looking through traceloom wrappers. */
export function unwrap(fn: AnyFn): AnyFn {
  let current = fn;
  for (let i = 0; i < 10 && current[ORIGINAL]; i++) current = current[ORIGINAL];
  return current;
}

/** The object on `obj`'s prototype chain that owns `key` (where a class defines its method). */
export function ownerOf(obj: object, key: string): object | undefined {
  let node: object | null = obj;
  for (let depth = 0; node && depth < 20; depth++) {
    if (Object.prototype.hasOwnProperty.call(node, key)) return node;
    node = Object.getPrototypeOf(node);
  }
  return undefined;
}

/** A traced stand-in for `original` that records a span when `shouldTrace()` says so. */
function makeWrapper(method: TracedMethod, original: AnyFn, shouldTrace: () => boolean): AnyFn {
  const wrapper = function (this: unknown, ...args: unknown[]) {
    return shouldTrace() ? tracedCall(method, original, this, args) : original.apply(this, args);
  } as AnyFn;
  Object.defineProperty(wrapper, "name", { value: original.name, configurable: true });
  Object.defineProperty(wrapper, "length", { value: original.length, configurable: true });
  Object.defineProperty(wrapper, ORIGINAL, { value: original });
  return wrapper;
}

/**
 * Replaces `target[method]` (an own property, e.g. of a class prototype) by a traced wrapper, keeping its
 * property flags. Returns the function that puts the original back, or undefined when there was nothing to wrap.
 */
export function wrapOwnMethod(target: object, method: TracedMethod, shouldTrace: () => boolean): (() => void) | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(target, method.method);
  const current = descriptor?.value as AnyFn | undefined;
  if (!descriptor || typeof current !== "function" || current[ORIGINAL]) return undefined;
  const wrapper = makeWrapper(method, current, shouldTrace);
  Object.defineProperty(target, method.method, { ...descriptor, value: wrapper });
  return () => {
    if (Object.getOwnPropertyDescriptor(target, method.method)?.value === wrapper) {
      Object.defineProperty(target, method.method, descriptor);
    }
  };
}

/**
 * Gives one resource object its own traced `method`, calling the SDK's function directly (never another
 * traceloom wrapper, so a call is recorded once even when `autolog()` is on too).
 */
export function wrapInstanceMethod(resource: object, method: TracedMethod): boolean {
  const own = Object.getOwnPropertyDescriptor(resource, method.method)?.value as AnyFn | undefined;
  if (own?.[ORIGINAL]) return false;
  const inherited = (resource as Record<string, unknown>)[method.method];
  if (typeof inherited !== "function") return false;
  const wrapper = makeWrapper(method, unwrap(inherited as AnyFn), () => true);
  Object.defineProperty(resource, method.method, { value: wrapper, writable: true, configurable: true, enumerable: false });
  return true;
}

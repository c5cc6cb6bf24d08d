/** A function of the SDK, or a traceloom wrapper pointing at the one it wraps. */
type AnyFn = ((...args: unknown[]) => unknown) & { [ORIGINAL]?: AnyFn };

/** Runs one SDK method call traced: `original` applied to `self` and `args`, inside its span. */
export type TracedInvoker = (original: (...args: unknown[]) => unknown, self: unknown, args: unknown[]) => unknown;

/** Marks a traceloom wrapper and points at the SDK function it wraps (shared by every build of every plugin). */
const ORIGINAL = Symbol.for("traceloom.sdk.original");

/** The SDK's own function behind `fn`, looking through traceloom wrappers. */
export function unwrapSdkMethod(fn: AnyFn): AnyFn {
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

/** A traced stand-in for `original` that calls `invoke` when `shouldTrace()` says so. */
function makeWrapper(invoke: TracedInvoker, original: AnyFn, shouldTrace: () => boolean): AnyFn {
  const wrapper = function (this: unknown, ...args: unknown[]) {
    return shouldTrace() ? invoke(original, this, args) : original.apply(this, args);
  } as AnyFn;
  Object.defineProperty(wrapper, "name", { value: original.name, configurable: true });
  Object.defineProperty(wrapper, "length", { value: original.length, configurable: true });
  Object.defineProperty(wrapper, ORIGINAL, { value: original });
  return wrapper;
}

/**
 * Replaces `target[key]` (an own property, e.g. of a class prototype) by a wrapper that calls `invoke` while
 * `shouldTrace()` holds, keeping its property flags. Returns the function that puts the original back, or
 * undefined when there was nothing to wrap (or it is wrapped already).
 */
export function wrapOwnSdkMethod(target: object, key: string, invoke: TracedInvoker, shouldTrace: () => boolean): (() => void) | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  const current = descriptor?.value as AnyFn | undefined;
  if (!descriptor || typeof current !== "function" || current[ORIGINAL]) return undefined;
  const wrapper = makeWrapper(invoke, current, shouldTrace);
  Object.defineProperty(target, key, { ...descriptor, value: wrapper });
  return () => {
    if (Object.getOwnPropertyDescriptor(target, key)?.value === wrapper) {
      Object.defineProperty(target, key, descriptor);
    }
  };
}

/**
 * Gives one resource object its own traced `key` method, calling the SDK's function directly (never another
 * traceloom wrapper, so a call is recorded once even when `autolog()` is on too).
 */
export function wrapInstanceSdkMethod(resource: object, key: string, invoke: TracedInvoker): boolean {
  const own = Object.getOwnPropertyDescriptor(resource, key)?.value as AnyFn | undefined;
  if (own?.[ORIGINAL]) return false;
  const inherited = (resource as Record<string, unknown>)[key];
  if (typeof inherited !== "function") return false;
  const wrapper = makeWrapper(invoke, unwrapSdkMethod(inherited as AnyFn), () => true);
  Object.defineProperty(resource, key, { value: wrapper, writable: true, configurable: true, enumerable: false });
  return true;
}

/** The resource object at `path` on a client (e.g. `["beta", "messages"]`), if the SDK version has it. */
export function resourceAt(client: unknown, path: readonly string[]): object | undefined {
  let node: unknown = client;
  for (const key of path) {
    if (node === null || (typeof node !== "object" && typeof node !== "function")) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== null && typeof node === "object" ? node : undefined;
}

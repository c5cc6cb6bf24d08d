type AnyFn = ((...args: unknown[]) => unknown) & { [ORIGINAL]?: AnyFn };

/** Marks a traceloom wrapper and points at the SDK function it wraps (shared by both builds of this package). */
const ORIGINAL = Symbol.for("traceloom.google-genai.original");

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
    node = Object.getPrototypeOf(node) as object | null;
  }
  return undefined;
}

function marked(wrapper: AnyFn, original: AnyFn): AnyFn {
  Object.defineProperty(wrapper, "name", { value: original.name, configurable: true });
  Object.defineProperty(wrapper, "length", { value: original.length, configurable: true });
  Object.defineProperty(wrapper, ORIGINAL, { value: original });
  return wrapper;
}

/**
 * Replaces `target[key]` (an own method, e.g. of a class prototype) by `makeWrapper(original)`, keeping its property
 * flags. Returns the function that puts the original back, or undefined when there was nothing to wrap.
 */
export function wrapOwnMethod(target: object, key: string, makeWrapper: (original: AnyFn) => AnyFn): (() => void) | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  const current = descriptor?.value as AnyFn | undefined;
  if (!descriptor || typeof current !== "function" || current[ORIGINAL]) return undefined;
  const wrapper = marked(makeWrapper(current), current);
  Object.defineProperty(target, key, { ...descriptor, value: wrapper });
  return () => {
    if (Object.getOwnPropertyDescriptor(target, key)?.value === wrapper) Object.defineProperty(target, key, descriptor);
  };
}

/**
 * Gives one object its own wrapped `key`, wrapping the SDK's function (never another traceloom wrapper, so a call is
 * recorded once even when `autolog()` is on too). False when it already has one, or there is no such method.
 */
export function wrapInstanceMethod(obj: object, key: string, makeWrapper: (original: AnyFn) => AnyFn): boolean {
  const own = Object.getOwnPropertyDescriptor(obj, key)?.value as AnyFn | undefined;
  if (own?.[ORIGINAL]) return false;
  const inherited = (obj as Record<string, unknown>)[key];
  if (typeof inherited !== "function") return false;
  const original = unwrap(inherited as AnyFn);
  Object.defineProperty(obj, key, { value: marked(makeWrapper(original), original), writable: true, configurable: true, enumerable: false });
  return true;
}

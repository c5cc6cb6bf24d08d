import { warnOnce } from "./log.js";

const WRAPPED = Symbol.for("traceloom.llamaindex.wrapped");

/** Undoes one patch; safe to call twice. */
export type Unpatch = () => void;

/** What a patch function returns when it changed nothing (the method is missing, or already ours). */
export const NOT_PATCHED: Unpatch = () => undefined;

type AnyFn = (this: any, ...args: any[]) => unknown;

/** True when `fn` is one of our wrappers. */
export function isWrapped(fn: unknown): boolean {
  return typeof fn === "function" && (fn as unknown as Record<symbol, unknown>)[WRAPPED] === true;
}

/**
 * Replaces the own method `name` of `target` (a prototype, a class or an instance) with `makeWrapper(original)`,
 * keeping its property attributes. Does nothing (and returns {@link NOT_PATCHED}) when the method is missing or already ours.
 * The returned function puts the original back, unless someone replaced our wrapper since.
 */
export function wrapMethod(target: object | undefined, name: string, makeWrapper: (original: AnyFn) => AnyFn): Unpatch {
  try {
    if (!target) return NOT_PATCHED;
    const descriptor = Object.getOwnPropertyDescriptor(target, name);
    if (!descriptor || typeof descriptor.value !== "function" || isWrapped(descriptor.value)) return NOT_PATCHED;
    const original = descriptor.value as AnyFn;
    const wrapper = makeWrapper(original);
    Object.defineProperty(wrapper, WRAPPED, { value: true });
    Object.defineProperty(wrapper, "name", { value: original.name, configurable: true });
    Object.defineProperty(target, name, { ...descriptor, value: wrapper });
    return () => {
      const now = Object.getOwnPropertyDescriptor(target, name);
      if (now?.value === wrapper) Object.defineProperty(target, name, descriptor);
    };
  } catch (err) {
    warnOnce(`llamaindex.wrap.${name}`, `could not instrument ${name}; it runs untraced`, err);
    return NOT_PATCHED;
  }
}

import { ownerOf } from "./patch.js";
import { tracedBuildRequest, tracedRequest } from "./sent-request.js";

type AnyFn = ((...args: unknown[]) => unknown) & { [INTERNAL]?: true };

/** Marks our wrappers of the client's internals (shared by both builds of this package). */
const INTERNAL = Symbol.for("traceloom.sdk.internal");

/** The client methods through which a traced call's serialized body is seen (see sent-request.ts). */
const INTERNALS: ReadonlyArray<readonly [string, (original: AnyFn) => AnyFn]> = [
  ["request", tracedRequest],
  ["buildRequest", tracedBuildRequest],
];

function wrapperOf(original: AnyFn, makeWrapper: (original: AnyFn) => AnyFn): AnyFn {
  const wrapper = makeWrapper(original);
  Object.defineProperty(wrapper, "name", { value: original.name, configurable: true });
  Object.defineProperty(wrapper, "length", { value: original.length, configurable: true });
  Object.defineProperty(wrapper, INTERNAL, { value: true });
  return wrapper;
}

/**
 * Wraps `request` and `buildRequest` where the client's class defines them (found from a client of one copy of
 * the SDK), for every client of that copy. Returns the functions that put the originals back.
 */
export function observeRequestsOfClass(client: object): Array<() => void> {
  const restorers: Array<() => void> = [];
  for (const [key, makeWrapper] of INTERNALS) {
    const owner = ownerOf(client, key);
    const descriptor = owner && Object.getOwnPropertyDescriptor(owner, key);
    const original = descriptor?.value as AnyFn | undefined;
    if (!owner || owner === Object.prototype || typeof original !== "function" || original[INTERNAL]) continue;
    const wrapper = wrapperOf(original, makeWrapper);
    Object.defineProperty(owner, key, { ...descriptor, value: wrapper });
    restorers.push(() => {
      if (Object.getOwnPropertyDescriptor(owner, key)?.value === wrapper) Object.defineProperty(owner, key, descriptor!);
    });
  }
  return restorers;
}

/** Gives one client its own wrapped `request` and `buildRequest` (for a per-client wrapper such as `tracedOpenAI(client)`), once. */
export function observeRequestsOfInstance(client: object): void {
  for (const [key, makeWrapper] of INTERNALS) {
    const own = Object.getOwnPropertyDescriptor(client, key)?.value as AnyFn | undefined;
    if (own?.[INTERNAL]) continue;
    const current = (client as Record<string, unknown>)[key];
    if (typeof current !== "function") continue;
    Object.defineProperty(client, key, { value: wrapperOf(current as AnyFn, makeWrapper), writable: true, configurable: true, enumerable: false });
  }
}

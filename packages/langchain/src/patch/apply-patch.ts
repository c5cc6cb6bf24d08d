import { pluginState } from "../state.js";

/** Replaces `target[key]` with `replacement`, remembering the original so {@link restorePatches} can put it back. */
export function applyPatch(target: object, key: PropertyKey, replacement: unknown): void {
  const t = target as Record<PropertyKey, unknown>;
  pluginState().patches.push({ target, key, original: t[key], replacement });
  Object.defineProperty(target, key, { value: replacement, configurable: true, writable: true, enumerable: false });
}

/** Restores every patched property that still holds our replacement (a later patch by someone else is left alone). */
export function restorePatches(): void {
  const state = pluginState();
  for (const patch of state.patches.reverse()) {
    const t = patch.target as Record<PropertyKey, unknown>;
    if (t[patch.key] !== patch.replacement) continue;
    if (Object.prototype.hasOwnProperty.call(patch.target, patch.key) && patch.original === undefined) delete t[patch.key];
    else Object.defineProperty(patch.target, patch.key, { value: patch.original, configurable: true, writable: true, enumerable: false });
  }
  state.patches = [];
  state.patched = new WeakSet();
}

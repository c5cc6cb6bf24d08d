import { pluginState } from "../state.js";

/**
 * Replaces `target[key]` with `replacement`, keeping the property's flags (enumerable, writable) and remembering its
 * own descriptor so {@link restorePatches} can put it back exactly.
 */
export function applyPatch(target: object, key: PropertyKey, replacement: unknown): void {
  const own = Object.getOwnPropertyDescriptor(target, key);
  pluginState().patches.push({ target, key, original: own, replacement });
  const enumerable = own?.enumerable ?? false;
  const writable = own && "writable" in own ? own.writable : true;
  Object.defineProperty(target, key, { value: replacement, configurable: true, writable, enumerable });
}

/**
 * Restores every patched property that still holds our replacement — its original own descriptor, or no own property
 * when it was inherited. A later patch by someone else is left alone.
 */
export function restorePatches(): void {
  const state = pluginState();
  for (const patch of state.patches.reverse()) {
    const t = patch.target as Record<PropertyKey, unknown>;
    if (t[patch.key] !== patch.replacement) continue;
    if (patch.original) Object.defineProperty(patch.target, patch.key, patch.original);
    else delete t[patch.key];
  }
  state.patches = [];
  state.patched = new WeakSet();
  state.coreCopies = 0;
}

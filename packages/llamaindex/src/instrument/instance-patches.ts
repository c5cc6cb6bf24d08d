import { pluginState } from "../runtime/state.js";
import type { Unpatch } from "../runtime/wrap-method.js";

/** Remembers the patch of one instance (held weakly: a collected instance needs no undo), for {@link removeInstancePatches}. */
export function rememberInstancePatch(instance: object, unpatch: Unpatch): void {
  const state = pluginState();
  state.instancePatches.set(instance, unpatch);
  state.patchedInstances.add(new WeakRef(instance));
  if (state.patchedInstances.size % 256 === 0) pruneCollected();
}

function pruneCollected(): void {
  const { patchedInstances } = pluginState();
  for (const ref of patchedInstances) if (!ref.deref()) patchedInstances.delete(ref);
}

/** Undoes every instance patch still reachable. */
export function removeInstancePatches(): void {
  const state = pluginState();
  for (const ref of state.patchedInstances) {
    const instance = ref.deref();
    if (instance) state.instancePatches.get(instance)?.();
  }
  state.patchedInstances.clear();
  state.instancePatches = new WeakMap();
}

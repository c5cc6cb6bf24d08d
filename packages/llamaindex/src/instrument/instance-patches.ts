import type { Unpatch } from "../runtime/wrap-method.js";

/** Patches on model instances, held weakly: an instance that is garbage-collected needs no undo. */
const undoByInstance = new WeakMap<object, Unpatch>();
const instances = new Set<WeakRef<object>>();

/** Remembers the patch of one instance, for {@link removeInstancePatches}. */
export function rememberInstancePatch(instance: object, unpatch: Unpatch): void {
  undoByInstance.set(instance, unpatch);
  instances.add(new WeakRef(instance));
  if (instances.size % 256 === 0) pruneCollected();
}

function pruneCollected(): void {
  for (const ref of instances) if (!ref.deref()) instances.delete(ref);
}

/** Undoes every instance patch still reachable. */
export function removeInstancePatches(): void {
  for (const ref of instances) {
    const instance = ref.deref();
    if (instance) undoByInstance.get(instance)?.();
  }
  instances.clear();
}

import { pluginState } from "./state.js";
import { NOT_PATCHED, type Unpatch } from "./wrap-method.js";

/** Remembers a patch so that {@link removeAllPatches} can undo it ({@link NOT_PATCHED} is not remembered). */
export function rememberPatch(unpatch: Unpatch): void {
  if (unpatch !== NOT_PATCHED) pluginState().patches.push(unpatch);
}

/** Undoes every remembered patch (whichever build of this package made it), newest first. */
export function removeAllPatches(): void {
  const { patches } = pluginState();
  while (patches.length > 0) patches.pop()?.();
}

/** How many patches are installed (for tests and diagnostics). */
export function installedPatchCount(): number {
  return pluginState().patches.length;
}

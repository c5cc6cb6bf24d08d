import { NOT_PATCHED, type Unpatch } from "./wrap-method.js";

/** The patches installed by `autolog()`, undone together by `autolog({ disable: true })`. */
const installed: Unpatch[] = [];

/** Remembers a patch so that {@link removeAllPatches} can undo it ({@link NOT_PATCHED} is not remembered). */
export function rememberPatch(unpatch: Unpatch): void {
  if (unpatch !== NOT_PATCHED) installed.push(unpatch);
}

/** Undoes every remembered patch, newest first. */
export function removeAllPatches(): void {
  while (installed.length > 0) installed.pop()?.();
}

/** How many patches are installed (for tests and diagnostics). */
export function installedPatchCount(): number {
  return installed.length;
}

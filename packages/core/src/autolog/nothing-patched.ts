/** What {@link warnIfNothingPatched} needs to know about one plugin's `autolog()`. */
export interface NothingPatchedCheck {
  /** The SDK's package name, as the warning names it (e.g. `openai`, `@anthropic-ai/sdk`). */
  packageName: string;
  /** Folders the plugin resolved ES module copies from. */
  searched: string[];
  /** A copy may still load later (an ES module watched for): check at exit instead of right after startup. */
  later: boolean;
  /** True when the plugin is still installed and has patched nothing. */
  nothingPatched: () => boolean;
  /** The plugin's own once-per-key logger (it honours `silent`). */
  warn: (message: string) => void;
}

/** The exit check pending per plugin, so re-enabling `autolog()` replaces it rather than adding a listener each time. */
const pendingExitChecks = new Map<string, () => void>();

/**
 * Says once, naming where it looked, when a plugin's `autolog()` patched no copy of its SDK: right after the
 * program's own startup (a CommonJS app may require the SDK just after `autolog()`), or — when a copy may still load
 * later — only if none did by the time the process exits. One pending check per package, however often `autolog()`
 * is disabled and enabled again.
 */
export function warnIfNothingPatched(check: NothingPatchedCheck): void {
  const run = () => {
    if (!check.nothingPatched()) return;
    const where = check.searched.length > 0 ? check.searched.join(", ") : "nowhere (no application folder is known)";
    check.warn(
      `autolog() found no copy of ${check.packageName} to patch: none in require.cache, and no ES module copy loaded that resolves from ${where}.`,
    );
  };
  const previous = pendingExitChecks.get(check.packageName);
  if (previous) process.off("exit", previous);
  pendingExitChecks.delete(check.packageName);
  if (!check.later) {
    setImmediate(run).unref();
    return;
  }
  const atExit = () => {
    pendingExitChecks.delete(check.packageName);
    run();
  };
  pendingExitChecks.set(check.packageName, atExit);
  process.once("exit", atExit);
}

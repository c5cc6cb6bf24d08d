import { withActiveSpan, type LiveSpan } from "@traceloom/core";
import { warnOnce } from "../log.js";
import { runEntry } from "../runs/run-registry.js";
import { pluginState } from "../state.js";
import { applyPatch } from "./apply-patch.js";

type RunWithConfig = (this: unknown, config: unknown, callback: () => unknown, ...rest: unknown[]) => unknown;
type ConfigLike = { callbacks?: { getParentRunId?: () => string | undefined; _parentRunId?: string } } | undefined;

/** The span of the run whose body is about to run (a lambda's or tool's function), if traced. */
function spanOfRunBody(config: unknown): LiveSpan | undefined {
  const callbacks = (config as ConfigLike)?.callbacks;
  if (!callbacks || typeof callbacks !== "object") return undefined;
  const runId = typeof callbacks.getParentRunId === "function" ? callbacks.getParentRunId() : callbacks._parentRunId;
  const entry = runId ? runEntry(runId) : undefined;
  return entry?.span ?? entry?.parent;
}

/**
 * Patches `runWithConfig` of LangChain's AsyncLocalStorage provider (one copy of @langchain/core): the body of a
 * RunnableLambda or tool runs with its run's span active, so spans the user's code starts there — `withSpan`,
 * `trace`, a raw SDK call traced by another autolog — nest under the lambda or tool span.
 */
export function patchRunWithConfig(provider: object): void {
  const proto = Object.getPrototypeOf(provider) as Record<string, RunWithConfig> | null;
  const state = pluginState();
  if (!proto || typeof proto.runWithConfig !== "function" || state.patched.has(proto)) return;
  state.patched.add(proto);
  const original = proto.runWithConfig;
  applyPatch(proto, "runWithConfig", function (this: unknown, config: unknown, callback: () => unknown, ...rest: unknown[]) {
    let span: LiveSpan | undefined;
    try {
      span = pluginState().installed && typeof callback === "function" ? spanOfRunBody(config) : undefined;
    } catch (err) {
      warnOnce("langchain.run-with-config", "could not find the span of a LangChain run body", err);
    }
    const body = span ? () => withActiveSpan(span, callback) : callback;
    return original.call(this, config, body, ...rest);
  });
}

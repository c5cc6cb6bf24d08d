import { createRequire } from "node:module";
import { join } from "node:path";
import { esModuleIfLoaded, esmEntriesInDependencyGraph } from "@traceloom/core";
import { warnOnce } from "../log.js";
import { pluginState } from "../state.js";
import { patchModelBase } from "./model-context-patch.js";

/** The @langchain/core entry points exporting `BaseChatModel` and `BaseLLM`. */
const MODEL_SUBPATHS = ["@langchain/core/language_models/chat_models", "@langchain/core/language_models/llms"];

/** A loaded CommonJS file of those entry points, in any copy of @langchain/core. */
const CJS_MODEL_FILE = /[\\/]@langchain[\\/]core[\\/]dist[\\/]language_models[\\/](chat_models|llms)\.c?js$/;

/** LangChain packages, whose own copy of @langchain/core may differ from the application's. */
function isLangChainPackage(name: string): boolean {
  return name === "langchain" || (name.startsWith("@langchain/") && name !== "@langchain/core");
}

function patchModelsOf(exports: unknown): void {
  if (!exports || (typeof exports !== "object" && typeof exports !== "function")) return;
  const e = exports as Record<string, unknown>;
  for (const base of [e.BaseChatModel, e.BaseLLM]) {
    const proto = typeof base === "function" ? (base as { prototype?: Record<string, unknown> }).prototype : undefined;
    if (proto && typeof proto._generateUncached === "function") patchModelBase(base as { prototype: object });
  }
}

/**
 * Makes every loaded copy of @langchain/core run a model's own calls with its run's span active — what `autolog()`
 * installs too — for a {@link TraceloomCallbackHandler} passed explicitly with LangChain's autolog off, so a raw SDK
 * call inside the model (traced by the OpenAI autolog) nests under the model's span instead of starting a trace of
 * its own. Once per process; loads no module: CommonJS copies come from `require.cache`, ES module copies are
 * those the application's dependency graph has loaded (resolved from `caller`, where the handler was made).
 */
export function enableModelContext(caller: string | undefined): void {
  const state = pluginState();
  if (state.modelContext) return;
  state.modelContext = true;
  try {
    const cache = createRequire(join(process.cwd(), "noop.js")).cache;
    for (const [file, mod] of Object.entries(cache)) if (CJS_MODEL_FILE.test(file)) patchModelsOf(mod?.exports);
    for (const subpath of MODEL_SUBPATHS) {
      for (const file of esmEntriesInDependencyGraph(subpath, caller, isLangChainPackage).entries) patchModelsOf(esModuleIfLoaded(file));
    }
  } catch (err) {
    warnOnce("langchain.model-context", "could not nest a model's SDK calls under its span for an explicit handler", err);
  }
}

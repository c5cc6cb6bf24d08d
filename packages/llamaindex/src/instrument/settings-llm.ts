import { warnOnce } from "../runtime/log.js";
import { NOT_PATCHED, type Unpatch } from "../runtime/wrap-method.js";
import { instrumentLLMInstance } from "./llm.js";

/**
 * Instruments the model behind `Settings.llm` whenever it is read or set, so models configured globally are traced
 * from their first call (engines and agents read it at construction).
 */
export function watchSettingsLLM(settings: object | undefined): Unpatch {
  try {
    if (!settings) return NOT_PATCHED;
    const descriptor = Object.getOwnPropertyDescriptor(settings, "llm");
    if (!descriptor?.get || !descriptor.set || !descriptor.configurable) return NOT_PATCHED;
    const { get, set } = descriptor;
    Object.defineProperty(settings, "llm", {
      ...descriptor,
      get(this: unknown) {
        const llm = get.call(this);
        instrumentLLMInstance(llm);
        return llm;
      },
      set(this: unknown, llm: unknown) {
        set.call(this, llm);
        instrumentLLMInstance(llm);
      },
    });
    try {
      // The model already configured, if any (reading it throws when none is set).
      instrumentLLMInstance(get.call(settings));
    } catch {
      // No model configured yet.
    }
    return () => Object.defineProperty(settings, "llm", descriptor);
  } catch (err) {
    warnOnce("llamaindex.settings", "could not watch Settings.llm; models are instrumented on first use instead", err);
    return NOT_PATCHED;
  }
}

import { sdkAutologState, type SdkAutologState } from "@traceloom/core";

/** Process-wide state of the OpenAI instrumentation (shared by the ESM and CJS builds of this package). */
export interface OpenAIAutologState extends SdkAutologState {
  /** Prototypes already patched (by either module copy of this package). */
  patched: WeakSet<object>;
}

/** The one {@link OpenAIAutologState} of this process. */
export function getAutologState(): OpenAIAutologState {
  return sdkAutologState("traceloom.openai.state.v1", () => ({ patched: new WeakSet<object>() }));
}

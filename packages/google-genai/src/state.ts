import { sdkAutologState, type SdkAutologState } from "@traceloom/core";

/** Process-wide state of the Google Gen AI instrumentation (shared by the ESM and CJS builds of this package). */
export type GenAIAutologState = SdkAutologState;

/** The one {@link GenAIAutologState} of this process. */
export function getAutologState(): GenAIAutologState {
  return sdkAutologState("traceloom.google-genai.state.v1");
}

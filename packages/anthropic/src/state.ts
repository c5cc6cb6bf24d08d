import { sdkAutologState, type SdkAutologState } from "@traceloom/core";

/** Process-wide state of the Anthropic instrumentation (shared by the ESM and CJS builds of this package). */
export type AnthropicAutologState = SdkAutologState;

/** The one {@link AnthropicAutologState} of this process. */
export function getAutologState(): AnthropicAutologState {
  return sdkAutologState("traceloom.anthropic.state.v2");
}

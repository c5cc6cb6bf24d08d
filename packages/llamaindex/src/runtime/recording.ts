import { pluginState } from "./state.js";

/** True while spans should be recorded (`autolog({ logTraces })`), for every build of this package. */
export function isRecording(): boolean {
  return pluginState().recording;
}

/** Turns recording on or off without touching the installed patches. */
export function setRecording(value: boolean): void {
  pluginState().recording = value;
}

/** Whether the installed instrumentation records traces (`autolog({ logTraces })`); per module copy. */
let recording = false;

/** True while spans should be recorded. */
export function isRecording(): boolean {
  return recording;
}

/** Turns recording on or off without touching the installed patches. */
export function setRecording(value: boolean): void {
  recording = value;
}

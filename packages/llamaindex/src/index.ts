/**
 * @traceloom/llamaindex — `autolog()` for LlamaIndex.TS.
 * @packageDocumentation
 */
export { autolog, autologStatus } from "./autolog.js";
export { findLlamaIndexCoreCopies } from "./version-drift.js";
export type { AutologOptions } from "@traceloom/core";

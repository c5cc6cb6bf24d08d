/**
 * @traceloom/mastra — autolog for Mastra: agents, model steps, tools, workflows and their steps as one nested tree,
 * recorded through Mastra's own observability bridge and exporter interfaces.
 * @packageDocumentation
 */
export { autolog, type MastraAutologOptions } from "./autolog.js";
export { traceloomObservability } from "./attach.js";
export { TraceloomMastraBridge } from "./bridge.js";
export { TraceloomMastraExporter } from "./exporter.js";

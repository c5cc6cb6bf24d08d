/**
 * The AI SDK's own process-wide list of telemetry integrations (`registerTelemetry` in ai 7,
 * `registerTelemetryIntegration` in ai 6 both push onto it). Every copy of `ai` 6 or 7 — ES module or CommonJS,
 * the application's or a framework's — reads it when an operation starts, so one entry reaches them all without
 * loading or patching any of them.
 */
function globalIntegrations(): unknown[] {
  const g = globalThis as unknown as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown };
  if (!Array.isArray(g.AI_SDK_TELEMETRY_INTEGRATIONS)) g.AI_SDK_TELEMETRY_INTEGRATIONS = [];
  return g.AI_SDK_TELEMETRY_INTEGRATIONS as unknown[];
}

/**
 * Adds `integration` to the AI SDK's global list, once; `first` puts it ahead of the others (ai 6 awaits each
 * listener in list order, and the ai 6 integration must be reached before any await — see v6-context.ts).
 */
export function addGlobalIntegration(integration: object, options: { first?: boolean } = {}): void {
  const list = globalIntegrations();
  if (list.includes(integration)) return;
  if (options.first) list.unshift(integration);
  else list.push(integration);
}

/** Takes `integration` out of the AI SDK's global list (the list the application may share with other integrations). */
export function removeGlobalIntegration(integration: object): void {
  const list = globalIntegrations();
  const at = list.indexOf(integration);
  if (at >= 0) list.splice(at, 1);
}

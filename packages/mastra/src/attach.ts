import { Observability } from "@mastra/observability";
import { TraceloomMastraBridge } from "./bridge.js";
import { TraceloomMastraExporter } from "./exporter.js";
import { warnOnce } from "./log.js";
import { pluginState } from "./state.js";

type Loose = Record<string, any>;

/** Mastra's own payload cut (1 KiB strings, 50 items) is raised: core caps payloads at `maxFieldBytes` itself. */
const SERIALIZATION = { maxStringLength: 1_000_000, maxDepth: 20, maxArrayLength: 10_000, maxObjectKeys: 1_000 };

let bridge: TraceloomMastraBridge | undefined;
let exporter: TraceloomMastraExporter | undefined;

/** The one bridge of this package copy. */
export function traceloomBridge(): TraceloomMastraBridge {
  return (bridge ??= new TraceloomMastraBridge());
}

/** The one exporter of this package copy. */
export function traceloomExporter(): TraceloomMastraExporter {
  return (exporter ??= new TraceloomMastraExporter());
}

/**
 * A Mastra `Observability` entrypoint that records into traceloom — for `new Mastra({ observability })` when you
 * wire it yourself instead of calling `autolog()` (which does this for every Mastra instance without one).
 */
export function traceloomObservability(): unknown {
  return new Observability({
    configs: { traceloom: { serviceName: "mastra", bridge: traceloomBridge(), exporters: [traceloomExporter()], serializationOptions: SERIALIZATION } },
  });
}

/** Adds our exporter to an observability instance the application configured, and our bridge when it has none. */
function joinConfiguredInstance(instance: Loose): void {
  const exporters = instance.getExporters?.() ?? [];
  if (!exporters.some((e: Loose) => e?.name === "traceloom")) {
    if (typeof instance.registerExporter !== "function") {
      warnOnce("mastra.no-register", "this Mastra observability instance cannot take another exporter; Mastra runs untraced");
      return;
    }
    instance.registerExporter(traceloomExporter());
  }
  const config = instance.config as Loose | undefined;
  if (!instance.getBridge?.() && config && typeof config === "object") config.bridge = traceloomBridge();
  else if (instance.getBridge?.() !== traceloomBridge()) {
    warnOnce("mastra.other-bridge", "Mastra has another observability bridge; traceloom records its spans from events, and calls made inside Mastra steps do not nest under them");
  }
}

/**
 * Wires one Mastra instance to traceloom, once: a Mastra without observability gets ours through its own
 * `registerExporter` (the registration point Mastra offers for a default exporter); one with observability the
 * application configured keeps it, and its default instance gains our exporter (and our bridge where it has none).
 */
export function attachToMastra(mastra: Loose, observability: Loose | undefined): void {
  const state = pluginState();
  if (state.attached.has(mastra)) return;
  state.attached.add(mastra);
  try {
    const configured = observability?.getDefaultInstance?.();
    if (configured) {
      joinConfiguredInstance(configured);
      return;
    }
    if (typeof mastra.registerExporter !== "function") {
      warnOnce("mastra.old", "this @mastra/core has no registerExporter (before 1.20); pass observability: traceloomObservability() to new Mastra()");
      return;
    }
    const entrypoint = traceloomObservability() as Loose;
    mastra.registerExporter(traceloomExporter(), entrypoint.getInstance("traceloom"), entrypoint);
  } catch (err) {
    warnOnce("mastra.attach", "could not wire Mastra's observability to traceloom; Mastra runs untraced", err);
  }
}

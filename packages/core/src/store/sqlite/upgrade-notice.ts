import { logLine, logOnce } from "../../log.js";

/** One step of a store upgrade, as {@link SqliteStoreOptions.onUpgrade} hears it. */
export interface StoreUpgradeEvent {
  /** `"start"` before the traces are rewritten, `"done"` once the upgrade is committed. */
  phase: "start" | "done";
  /** The store's file. */
  path: string;
  /** Schema the file had. */
  fromVersion: number;
  /** Schema it is upgraded to. */
  toVersion: number;
  /** Traces in the store, each rewritten once. */
  traces: number;
  /** Time the upgrade took (`"done"` only). */
  elapsedMs?: number;
}

/**
 * The default notice: a line on stderr (or the configured logger) before and after, because an upgrade rewrites every
 * trace once — 100,000 traces take 20–40 s on one core of this project's 2-core CI machine — and a viewer or CLI silent for that long
 * looks hung.
 */
export function logStoreUpgrade(event: StoreUpgradeEvent): void {
  const traces = event.traces.toLocaleString("en-US");
  const line =
    event.phase === "start"
      ? `[traceloom] Upgrading the store at ${event.path} from schema ${event.fromVersion} to ${event.toVersion} (${traces} traces): a one-time step, tens of seconds per 100,000 traces…`
      : `[traceloom] Store at ${event.path} upgraded to schema ${event.toVersion} in ${((event.elapsedMs ?? 0) / 1000).toFixed(1)} s (${traces} traces).`;
  logLine(line);
}

/** The listener, made unable to stop the upgrade: what it throws is logged once. */
export function guardedNotice(listener: (event: StoreUpgradeEvent) => void): (event: StoreUpgradeEvent) => void {
  return (event) => {
    try {
      listener(event);
    } catch (err) {
      logOnce("store-upgrade-listener", "the store's onUpgrade listener threw; the upgrade goes on", err);
    }
  };
}

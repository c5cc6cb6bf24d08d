import { fileURLToPath } from "node:url";
import { openTraceStore, type TraceStore } from "@traceloom/core";
import { startViewer, type RunningViewer } from "../../src/server/viewer-server.js";

/** The built viewer (the test script builds the package first). */
export const ASSETS_DIR = fileURLToPath(new URL("../../dist/web/", import.meta.url));

/** A viewer on a free loopback port over a store opened read-only. */
export async function openViewer(path: string): Promise<{ viewer: RunningViewer; store: TraceStore; close(): Promise<void> }> {
  const store = openTraceStore(path, { readonly: true });
  const viewer = await startViewer({ store, port: 0, assetsDir: ASSETS_DIR });
  return {
    viewer,
    store,
    close: async () => {
      await viewer.close();
      store.close();
    },
  };
}

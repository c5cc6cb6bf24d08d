/**
 * What store schema 3 (span rows, the free-text index, the stats index) costs against schema 2, in the same run:
 * the same generated corpus traces (store/corpus.mjs) written with the store's `writeTraces` in batches of 512 by this
 * checkout's @traceloom/core and by a build of the previous release, in alternating rounds (medians); the store's
 * size against the JSON it holds.
 *
 *   node src/store-schema-cost.mjs --baseline ../.baseline/core/dist/index.js [--traces 2000] [--rounds 3] [--write]
 *
 * The baseline is a built @traceloom/core of schema 2 placed inside the repository (so its dependencies resolve),
 * e.g. `cp -r <checkout of the previous release>/packages/core/dist bench/.baseline/core/dist`.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as current from "@traceloom/core";
import { sendResult } from "./child.mjs";
import { msSince, now } from "./clock.mjs";
import { median } from "./stats.mjs";
import { corpusTrace } from "./store/corpus.mjs";
import { replaceSchemaCostSection } from "./store/schema-cost-render.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const baselinePath = arg("--baseline");
if (!baselinePath) throw new Error("store-schema-cost: --baseline <path to a schema-2 @traceloom/core dist/index.js> is required");
const baseline = await import(pathToFileURL(resolve(baselinePath)).href);
const TRACES = Number(arg("--traces", 2000));
const ROUNDS = Number(arg("--rounds", 3));

const traces = Array.from({ length: TRACES }, (_, i) => corpusTrace(i));
const jsonBytes = traces.reduce((n, t) => n + Buffer.byteLength(JSON.stringify(t)), 0);
const dir = process.platform === "linux" ? "/dev/shm" : tmpdir();

let binding = "";
function writeOnce(core, label) {
  const path = join(dir, `traceloom-schema-cost-${process.pid}-${label}.db`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
  const store = new core.SqliteTraceStore(path);
  const start = now();
  for (let i = 0; i < traces.length; i += 512) store.writeTraces(traces.slice(i, i + 512));
  const ms = msSince(start);
  binding = store.binding;
  store.close();
  const bytes = statSync(path).size;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
  return { msPerTrace: ms / traces.length, bytes };
}

const samples = { schema2: [], schema3: [] };
let sizes = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [label, core] of [["schema2", baseline], ["schema3", current]]) {
    const r = writeOnce(core, label);
    samples[label].push(r.msPerTrace);
    sizes[label] = r.bytes;
  }
}
const result = {
  traces: TRACES,
  rounds: ROUNDS,
  jsonBytes,
  schema2: { msPerTrace: median(samples.schema2), storeToJson: sizes.schema2 / jsonBytes },
  schema3: { msPerTrace: median(samples.schema3), storeToJson: sizes.schema3 / jsonBytes },
  binding,
  node: process.version,
  loadAverage: loadavg()[0],
};
if (process.argv.includes("--write")) {
  const file = new URL("../RESULTS.md", import.meta.url);
  writeFileSync(file, replaceSchemaCostSection(readFileSync(file, "utf8"), result));
}
sendResult(result);

import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildIfStale } from "@traceloom/testkit";

/** Tests run applications in child processes that load this package by name, from dist: build it when stale. */
export default function setup(): void {
  buildIfStale(path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."));
}

import { createRequire } from "node:module";
import { afterAll, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { allTraces, treeOf, useMemoryStore } from "./helpers.js";

afterAll(() => autolog({ disable: true }));

it("traces runs of a CommonJS copy of @langchain/core first required after autolog()", async () => {
  const require = createRequire(import.meta.url);
  const managerFile = require.resolve("@langchain/core/callbacks/manager");
  expect(require.cache[managerFile]).toBeUndefined();
  autolog();
  const client = await useMemoryStore();
  const { RunnableLambda } = require("@langchain/core/runnables") as typeof import("@langchain/core/runnables");
  expect(require.cache[managerFile]).toBeDefined();
  const inner = RunnableLambda.from((n: number) => n * 2).withConfig({ runName: "double" });
  await RunnableLambda.from(async (n: number) => inner.invoke(n)).withConfig({ runName: "outer" }).invoke(4);
  expect((await allTraces(client)).map(treeOf)).toEqual(["outer [CHAIN]\n  double [CHAIN]"]);
});

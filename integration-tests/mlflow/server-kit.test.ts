import { afterAll, beforeAll, expect, test } from "vitest";
import { startMlflowServer, type MlflowServer } from "../support/mlflow-server.js";

let server: MlflowServer;
beforeAll(async () => {
  server = await startMlflowServer("sqlite");
});
afterAll(() => server?.stop());

test("the kit runs a real MLflow 3.6 server on loopback", async () => {
  const version = await (await fetch(`${server.uri}/version`)).text();
  expect(version).toMatch(/^3\.6\./);
  expect(new URL(server.uri).hostname).toBe("127.0.0.1");
});

import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./mlflow-server.js";

/** Debian 12's PostgreSQL binaries (package `postgresql`, installed by .ci/run). */
const PG_BIN = process.env.TRACELOOM_PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** A throwaway PostgreSQL cluster on 127.0.0.1, owned by the `postgres` user, data in a temporary folder. */
export interface PostgresCluster {
  readonly port: number;
  /** `postgresql://postgres@127.0.0.1:PORT/DB` for a database created with {@link createDatabase}. */
  uri(database: string): string;
  createDatabase(name: string): void;
  /** Stops the cluster and removes its folder. Safe to call twice. */
  stop(): void;
}

function asPostgres(command: string): string {
  return execFileSync("su", ["postgres", "-c", command], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
}

/**
 * Starts a PostgreSQL cluster the way the MLflow kit's README does (`initdb -A trust`, `pg_ctl start` on a free
 * loopback port, socket in the data folder). Needs root (it runs the server as `postgres`).
 */
export async function startPostgres(): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), "traceloom-pg-"));
  chmodSync(dir, 0o755);
  chownSync(dir, Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()), Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()));
  const data = join(dir, "data");
  asPostgres(`${PG_BIN}/initdb -D ${data} -A trust -U postgres`);
  const port = await freePort();
  const pgCtl = (action: string, extra = "") => asPostgres(`${PG_BIN}/pg_ctl -D ${data} ${extra} ${action}`);
  pgCtl("start", `-w -o '-p ${port} -k ${dir} -c listen_addresses=127.0.0.1' -l ${join(dir, "log")}`);
  let stopped = false;
  return {
    port,
    uri: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    createDatabase: (name) => {
      asPostgres(`${PG_BIN}/psql -h 127.0.0.1 -p ${port} -c 'create database ${name}'`);
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        pgCtl("stop", "-m fast -w");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

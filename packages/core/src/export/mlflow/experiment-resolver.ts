import { HttpExportError } from "../http/http-error.js";
import { requestJson } from "../http/http-request.js";
import type { MlflowConnection } from "./mlflow-connection.js";

/** Which experiment traces go to: an ID wins; otherwise a name, looked up (and created when missing). */
export interface ExperimentChoice {
  experimentId?: string;
  experimentName: string;
}

interface GetByNameResponse {
  experiment?: { experiment_id?: string };
}

/**
 * Resolves the experiment ID on the server once (`experiments/get-by-name`, then `experiments/create` when it
 * does not exist) and remembers it; a failed lookup is retried on the next call.
 */
export class ExperimentResolver {
  private pending: Promise<string> | undefined;

  constructor(
    private readonly connection: MlflowConnection,
    private readonly choice: ExperimentChoice,
    private readonly timeoutMs: number,
  ) {}

  /** The experiment ID, resolving it on first use (`signal` aborts the lookup at the exit deadline). */
  experimentId(signal?: AbortSignal): Promise<string> {
    if (this.choice.experimentId !== undefined) return Promise.resolve(this.choice.experimentId);
    if (!this.pending) {
      this.pending = this.lookUpOrCreate(this.choice.experimentName, signal).catch((err) => {
        this.pending = undefined;
        throw err;
      });
    }
    return this.pending;
  }

  private async lookUpOrCreate(name: string, signal: AbortSignal | undefined): Promise<string> {
    const found = await this.getByName(name, signal);
    if (found) return found;
    try {
      const created = await requestJson<{ experiment_id?: string }>({
        method: "POST",
        url: `${this.connection.host}/api/2.0/mlflow/experiments/create`,
        headers: this.connection.headers,
        body: { name },
        timeoutMs: this.timeoutMs,
        signal,
      });
      if (created?.experiment_id) return String(created.experiment_id);
    } catch (err) {
      // Another process may have created it meanwhile (RESOURCE_ALREADY_EXISTS): look it up again.
      if (!(err instanceof HttpExportError && err.status === 400)) throw err;
    }
    const again = await this.getByName(name, signal);
    if (again) return again;
    throw new HttpExportError(`could not find or create the MLflow experiment "${name}"`, undefined, true);
  }

  private async getByName(name: string, signal: AbortSignal | undefined): Promise<string | undefined> {
    try {
      const res = await requestJson<GetByNameResponse>({
        method: "GET",
        url: `${this.connection.host}/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
        headers: this.connection.headers,
        timeoutMs: this.timeoutMs,
        signal,
      });
      const id = res?.experiment?.experiment_id;
      return id === undefined ? undefined : String(id);
    } catch (err) {
      if (err instanceof HttpExportError && err.status === 404) return undefined;
      throw err;
    }
  }
}

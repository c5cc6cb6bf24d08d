"""Reads runs and the traces linked to them back with MLflow's own Python client; prints one JSON line.

Usage: read_run.py RUN_ID...
  {run_id: {name, status, start_time, end_time, experiment_id, params, tags,
            traces: [{trace_id, source_run, span_names}] from mlflow.search_traces(run_id=...)}}
"""
import json
import sys

import mlflow
from mlflow import MlflowClient


def main():
    client = MlflowClient()
    out = {}
    for run_id in sys.argv[1:]:
        run = client.get_run(run_id)
        traces = mlflow.search_traces(locations=[run.info.experiment_id], run_id=run_id, return_type="list")
        out[run_id] = {
            "name": run.info.run_name,
            "status": run.info.status,
            "start_time": run.info.start_time,
            "end_time": run.info.end_time,
            "experiment_id": run.info.experiment_id,
            "params": run.data.params,
            "tags": run.data.tags,
            "traces": [
                {
                    "trace_id": t.info.trace_id,
                    "source_run": t.info.trace_metadata.get("mlflow.sourceRun"),
                    "span_names": sorted(s.name for s in t.data.spans),
                }
                for t in traces
            ],
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()

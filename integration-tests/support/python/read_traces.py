"""Reads traces back with MLflow's own Python client and prints them as one JSON line.

Usage: read_traces.py EXPERIMENT_ID FILTERS_JSON TRACE_ID...
  get:     MlflowClient().get_trace(id).to_dict() for each TRACE_ID (null when not found)
  search:  mlflow.search_traces(locations=[EXPERIMENT_ID], return_type="list") (spans included), as to_dict()
  filters: for each filter string in FILTERS_JSON, the trace IDs search_traces returns with it, or {"error": ...}
"""
import json
import sys

import mlflow
from mlflow import MlflowClient


def search(experiment_id, filter_string=None, include_spans=True):
    # max_results=None: every matching trace (the fluent API pages through them itself).
    return mlflow.search_traces(
        locations=[experiment_id],
        filter_string=filter_string,
        return_type="list",
        include_spans=include_spans,
    )


def main():
    experiment_id, filters, ids = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3:]
    client = MlflowClient()
    got = {}
    for trace_id in ids:
        try:
            got[trace_id] = client.get_trace(trace_id).to_dict()
        except Exception as e:  # noqa: BLE001 - reported to the test as a missing trace
            got[trace_id] = {"error": str(e)}
    filtered = {}
    for f in filters:
        try:
            filtered[f] = sorted(t.info.trace_id for t in search(experiment_id, f, include_spans=False))
        except Exception as e:  # noqa: BLE001 - e.g. a filter the backend store does not support
            filtered[f] = {"error": str(e).splitlines()[0]}
    result = {
        "get": got,
        "search": [t.to_dict() for t in search(experiment_id)],
        "filters": filtered,
    }
    print(json.dumps(result))


main()

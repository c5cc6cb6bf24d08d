"""Reads the assessments of traces back with MLflow's own Python client and prints them as one JSON line.

Usage: read_assessments.py TRACE_ID...
  {trace_id: [assessment.to_dictionary() for each in mlflow.get_trace(trace_id).info.assessments]}
"""
import json
import sys

import mlflow


def main():
    out = {}
    for trace_id in sys.argv[1:]:
        trace = mlflow.get_trace(trace_id)
        out[trace_id] = None if trace is None else [a.to_dictionary() for a in trace.info.assessments]
    print(json.dumps(out))


if __name__ == "__main__":
    main()

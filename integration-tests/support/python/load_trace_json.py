"""Loads trace JSON files with MLflow's own loader (mlflow.entities.Trace.from_json) and prints what it read.

Usage: load_trace_json.py FILE...   (each FILE holds one trace as MLflow JSON: {"info": ..., "data": {"spans": ...}})
Prints one JSON line: for each file, the loaded trace's id, state, span names, span types, token usage and each
span's inputs/outputs as MLflow parsed them, or {"error": ...}.
"""
import json
import sys

from mlflow.entities import Trace


def describe(path):
    with open(path, encoding="utf8") as f:
        trace = Trace.from_json(f.read())
    return {
        "trace_id": trace.info.trace_id,
        "state": str(trace.info.state),
        "token_usage": trace.info.token_usage,
        "spans": [
            {
                "name": s.name,
                "span_type": s.span_type,
                "parent_id": s.parent_id,
                "inputs": s.inputs,
                "outputs": s.outputs,
                "message_format": s.get_attribute("mlflow.message.format"),
                "token_usage": s.get_attribute("mlflow.chat.tokenUsage"),
            }
            for s in trace.data.spans
        ],
    }


def main():
    loaded = {}
    for path in sys.argv[1:]:
        try:
            loaded[path] = describe(path)
        except Exception as e:  # noqa: BLE001 - reported to the test
            loaded[path] = {"error": f"{type(e).__name__}: {e}"}
    print(json.dumps(loaded))


main()

"""Imports jobs/airflow/swoop_dag.py against stub Airflow modules and prints the DAG as JSON.

usage: python3 dump_dag.py <airflow 2|3> <dags folder>
The stubs record what the DAG file passes to DAG and to each operator, and the >> edges; they
implement nothing else. Layout 2 is Airflow 2.x (airflow.DAG, airflow.operators.python), layout 3
is Airflow 3 (airflow.sdk.DAG, airflow.providers.standard.operators.python).
"""
import importlib
import json
import os
import sys
import tempfile
import textwrap

layout, dags = sys.argv[1], sys.argv[2]
root = tempfile.mkdtemp()

CORE = textwrap.dedent('''
    class DAG:
        current = None
        def __init__(self, dag_id, **kwargs):
            self.dag_id, self.kwargs, self.tasks = dag_id, kwargs, []
        def __enter__(self):
            DAG.current = self
            return self
        def __exit__(self, *exc):
            DAG.current = None

    class BaseOperator:
        def __init__(self, task_id, **kwargs):
            self.task_id, self.kwargs, self.downstream = task_id, kwargs, []
            self.dag = DAG.current
            self.dag.tasks.append(self)
        def __rshift__(self, other):
            self.downstream.append(other.task_id)
            return other
''')


def write(path, text):
    path = os.path.join(root, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


write("airflow/_stub.py", CORE)
if layout == "2":
    write("airflow/__init__.py", "from airflow._stub import DAG, BaseOperator\n")
    write("airflow/operators/__init__.py", "")
    write("airflow/operators/python.py",
          "from airflow._stub import BaseOperator\nclass PythonOperator(BaseOperator):\n    pass\n")
else:
    write("airflow/__init__.py", "")
    write("airflow/sdk/__init__.py", "from airflow._stub import DAG, BaseOperator\n")
    for pkg in ("providers", "providers/standard", "providers/standard/operators"):
        write(f"airflow/{pkg}/__init__.py", "")
    write("airflow/providers/standard/operators/python.py",
          "from airflow._stub import BaseOperator\nclass PythonOperator(BaseOperator):\n    pass\n")
for pkg in ("providers", "providers/apache", "providers/apache/spark", "providers/apache/spark/operators"):
    if not os.path.exists(os.path.join(root, f"airflow/{pkg}/__init__.py")):
        write(f"airflow/{pkg}/__init__.py", "")
write("airflow/providers/apache/spark/operators/spark_submit.py",
      "from airflow._stub import BaseOperator\nclass SparkSubmitOperator(BaseOperator):\n    pass\n")

sys.path[:0] = [root, dags]
module = importlib.import_module("swoop_dag")
dag = module.dag
defaults = dag.kwargs.get("default_args", {})


def plain(v):
    return v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v)


print(json.dumps({
    "dag_id": dag.dag_id,
    "schedule": dag.kwargs.get("schedule"),
    "catchup": dag.kwargs.get("catchup"),
    "max_active_runs": dag.kwargs.get("max_active_runs"),
    "start_date": str(dag.kwargs.get("start_date")),
    "tasks": [{
        "task_id": t.task_id,
        "operator": type(t).__name__,
        "retries": t.kwargs.get("retries", defaults.get("retries")),
        "downstream": t.downstream,
        "kwargs": {k: plain(v) for k, v in t.kwargs.items()},
        "callable": getattr(t.kwargs.get("python_callable"), "__name__", None),
    } for t in dag.tasks],
    "example_run_id": module.new_run_id(ds="2026-09-30"),
}))

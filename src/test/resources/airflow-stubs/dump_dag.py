"""Imports jobs/airflow/swoop_dag.py against stub Airflow modules and prints the DAG as JSON.

usage: python3 dump_dag.py <airflow 2|3> <dags folder> [<now, ISO 8601 UTC>]
The stubs record what the DAG file passes to DAG and to each operator, and the >> edges; they
implement nothing else. With <now>, it also renders every task's templates for the first run the
DAG's cron schedule starts after <now>, with the data interval and logical date that Airflow of
that layout gives a cron schedule: Airflow 2's CronDataIntervalTimetable (interval from the
previous fire time to this one, logical date at its start), Airflow 3's CronTriggerTimetable
(logical date and both interval ends at the fire time). Layout 2 is Airflow 2.x (airflow.DAG, airflow.operators.python), layout 3
is Airflow 3 (airflow.sdk.DAG, airflow.providers.standard.operators.python).
"""
import importlib
import json
import re
from datetime import datetime, timedelta, timezone
import os
import sys
import tempfile
import textwrap

layout, dags = sys.argv[1], sys.argv[2]
now = datetime.fromisoformat(sys.argv[3].replace("Z", "+00:00")) if len(sys.argv) > 3 else None
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


def next_fire(schedule, after):
    """The first time at or after `after` (UTC) that a daily cron "M H * * *" fires."""
    fields = schedule.split()
    if len(fields) != 5 or fields[2:] != ["*", "*", "*"]:
        raise SystemExit(f"only daily schedules 'M H * * *' are modelled, not {schedule!r}")
    t = after.replace(hour=int(fields[1]), minute=int(fields[0]), second=0, microsecond=0)
    return t if t >= after else t + timedelta(days=1)


def run_context(fire):
    """What Airflow of this layout puts in a template's context for the run firing at `fire`."""
    if layout == "2":
        start, end = fire - timedelta(days=1), fire
        logical = start
    else:
        start = end = logical = fire
    macros = dag.kwargs.get("user_defined_macros", {})
    return dict(macros, data_interval_start=start, data_interval_end=end, logical_date=logical,
                ds=logical.date().isoformat(), ti=XcomStub(), var=VarStub())


class XcomStub:
    def xcom_pull(self, task_ids):
        return f"<xcom {task_ids}>"


class VarStub:
    class _Values:
        def __getattr__(self, name):
            return f"<var {name}>"
    value = _Values()


def render(value, context):
    """Evaluates each {{ expression }} as Jinja would for these expressions (Python syntax)."""
    if isinstance(value, str):
        return re.sub(r"\{\{(.*?)\}\}", lambda m: str(eval(m.group(1), {}, context)), value)
    if isinstance(value, list):
        return [render(v, context) for v in value]
    if isinstance(value, dict):
        return {k: render(v, context) for k, v in value.items()}
    return value


def plain(v):
    return v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v)


rendered = None
if now is not None:
    fire = next_fire(dag.kwargs["schedule"], now)
    context = run_context(fire)
    rendered = {
        "fires_at": fire.isoformat(),
        "ds": context["ds"],
        "tasks": {t.task_id: {k: render(plain(v), context) for k, v in t.kwargs.items()
                              if k in ("name", "application_args", "op_kwargs")}
                  for t in dag.tasks},
    }

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
    "example_run_id": module.new_run_id(
        data_interval_end=datetime(2026, 10, 1, 2, 30, tzinfo=timezone.utc)),
    "rendered": rendered,
}))

"""swoop nightly on Airflow: spark-submit the job for the day that just ended, then check its manifest.

Deploy this file and ``swoop_manifest.py`` (imported from the same folder) to the DAGs folder. It
needs ``apache-airflow-providers-apache-spark`` and a Spark connection (``spark_default``: host
``spark://spark-master:7077``, ``yarn`` or ``k8s://https://...``; deploy mode in its extras) on
workers that have spark-submit. Settings come from Airflow Variables, read when a task runs:

- ``swoop_jar``: the shaded jar (``mvn package`` builds ``target/swoop-*-spark-submit.jar``)
- ``swoop_output``: the output folder, e.g. ``s3a://bucket/swoop`` (the check reads it too, with
  ``swoop check`` through spark-submit on a local master: the worker's Hadoop settings for the
  store apply, as for the run)
- ``swoop_raw``: the Salesforce raw mirror for incremental pulls, e.g. ``s3a://bucket/swoop-raw``

Salesforce credentials (``SFDC_*``) and ``SWOOP_PSEUDONYM_KEY`` come from the workers' environment
only (spark-submit passes it to a client-mode driver); never put them in Variables, templates or
``conf``, which Airflow shows in its UI.

The snapshot date is the day before the end of the run's data interval: the 02:30 UTC run of a
day computes the day that just ended. Not ``{{ ds }}``: Airflow 2 runs a cron schedule with the
logical date at the interval's start (yesterday), Airflow 3 at the run's own time (today); the
interval's end is the run's time on both. ``catchup=False``: enabling the DAG runs the latest day
only, not every day since ``start_date``; a backfill of a range is::

    airflow dags backfill -s 2026-09-01 -e 2026-09-30 swoop_nightly              # Airflow 2
    airflow backfill create --dag-id swoop_nightly --from-date 2026-09-02 --to-date 2026-10-01  # Airflow 3

(Airflow 2 takes logical dates, which are the snapshot dates; Airflow 3 the runs' dates, each
computing the day before.) Each date replaces only its own partitions. ``max_active_runs=1``
keeps runs from overlapping.

``run_id`` makes an id that ``spark_submit`` passes to ``swoop run --run-id`` and
``check_manifest`` (``swoop check --run-id``, see ``swoop_manifest.py``) requires in the
manifest, so a manifest left by an earlier run of the same date never passes for this one. ``spark_submit`` retries (a transient cluster or Salesforce
failure); when ``check_manifest`` fails, spark-submit said 0 but nothing was published: clear the
DAG run to run it again.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2.4+
    from airflow import DAG
try:
    from airflow.providers.standard.operators.python import PythonOperator
except ImportError:
    from airflow.operators.python import PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

from swoop_manifest import check_manifest, swoop_command

RUN_ID = "{{ ti.xcom_pull(task_ids='run_id') }}"
SNAPSHOT_DATE = "{{ snapshot_date(data_interval_end) }}"


def snapshot_date(data_interval_end: datetime) -> str:
    """The day that ended before the run: the data interval's end, minus one day, in UTC."""
    if data_interval_end is None:
        raise ValueError("this run has no data interval: trigger it with a logical date")
    return (data_interval_end.astimezone(timezone.utc) - timedelta(days=1)).date().isoformat()


def new_run_id(data_interval_end: datetime, **_context) -> str:
    return f"airflow-{snapshot_date(data_interval_end)}-{uuid.uuid4().hex[:12]}"


def check_published(output: str, snapshot_date: str, swoop_run_id: str, jar: str) -> str:
    # Not called run_id: Airflow passes its own DAG run id under that name.
    return check_manifest(output, snapshot_date, run_id=swoop_run_id, swoop=swoop_command(jar))


with DAG(
    dag_id="swoop_nightly",
    description="Micromanagement signals from Salesforce, as Parquet for BI",
    schedule="30 2 * * *",
    start_date=datetime(2026, 9, 1, tzinfo=timezone.utc),
    catchup=False,
    user_defined_macros={"snapshot_date": snapshot_date},
    max_active_runs=1,
    default_args={
        "owner": "data-platform",
        "retries": 2,
        "retry_delay": timedelta(minutes=15),
        "retry_exponential_backoff": True,
    },
    tags=["swoop"],
) as dag:
    run_id = PythonOperator(
        task_id="run_id",
        python_callable=new_run_id,
        retries=0,
    )

    spark_submit = SparkSubmitOperator(
        task_id="spark_submit",
        conn_id="spark_default",
        application="{{ var.value.swoop_jar }}",
        java_class="io.swoop.job.Main",
        name="swoop-" + SNAPSHOT_DATE,
        application_args=[
            "run",
            "--source", "sfdc",
            "--output", "{{ var.value.swoop_output }}",
            "--raw", "{{ var.value.swoop_raw }}",
            "--snapshot-date", SNAPSHOT_DATE,
            "--run-id", RUN_ID,
        ],
        conf={
            "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
            "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
        },
        execution_timeout=timedelta(hours=3),
    )

    check = PythonOperator(
        task_id="check_manifest",
        python_callable=check_published,
        op_kwargs={
            "output": "{{ var.value.swoop_output }}",
            "snapshot_date": SNAPSHOT_DATE,
            "swoop_run_id": RUN_ID,
            "jar": "{{ var.value.swoop_jar }}",
        },
        retries=1,
        retry_delay=timedelta(minutes=2),
    )

    run_id >> spark_submit >> check

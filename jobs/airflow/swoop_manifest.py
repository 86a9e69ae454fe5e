"""Check that a swoop run published a snapshot date, with swoop's own check (``swoop check``).

swoop writes ``OUTPUT/_runs/snapshot_date=YYYY-MM-DD.json`` last, after every table of that date is
in place. spark-submit can exit 0 although the job failed (cluster deploy mode on Kubernetes), so
schedulers check the manifest after it. The check is ``swoop check`` (CONTRACT §1: exit 0
published, 1 not): one implementation for every scheduler, run here as a command:

- with the shaded jar (what the DAG does: its workers have spark-submit and the jar)::

      spark-submit --master local[1] --class io.swoop.job.Main JAR check --output ... --snapshot-date ...

  which reads every Hadoop file system (``s3a://``, ``hdfs://``, ...) as the job writes them;
- without a jar, ``jobs/swoop check`` of the swoop checkout this file is in.

No Airflow import here: the DAG uses ``check_manifest``, and this file runs alone too (Python
standard library only)::

    python3 swoop_manifest.py --output /data/swoop --snapshot-date 2026-09-30 [--run-id ID] \
        [--jar JAR [--spark-submit PATH]]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys


class ManifestCheckFailed(Exception):
    """The date was not published as asked."""


def swoop_command(jar: str | None = None, spark_submit: str = "spark-submit") -> list[str]:
    """The command that runs swoop: spark-submit with ``jar`` on a local master, else jobs/swoop."""
    if jar:
        return [spark_submit, "--master", "local[1]", "--conf", "spark.ui.enabled=false",
                "--class", "io.swoop.job.Main", jar]
    return [os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "swoop")]


def check_manifest(output: str, snapshot_date: str, run_id: str | None = None,
                   max_age_hours: float | None = None, swoop: list[str] | None = None) -> str:
    """Runs ``swoop check``; returns its line, or raises ManifestCheckFailed with swoop's reason."""
    cmd = list(swoop or swoop_command()) + ["check", "--output", output, "--snapshot-date", snapshot_date]
    if run_id:
        cmd += ["--run-id", run_id]
    if max_age_hours is not None:
        cmd += ["--max-age-hours", str(max_age_hours)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        said = [line for line in p.stderr.splitlines() if line.startswith("swoop: ")]
        if said:
            raise ManifestCheckFailed(said[-1][len("swoop: "):])
        raise ManifestCheckFailed(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()[-2000:]}")
    return p.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Check that a swoop run published a snapshot date.")
    p.add_argument("--output", required=True, help="swoop's output folder")
    p.add_argument("--snapshot-date", required=True, help="YYYY-MM-DD, today or yesterday")
    p.add_argument("--run-id", help="the manifest must carry this run_id")
    p.add_argument("--max-age-hours", type=float, help="the run must have finished within N hours")
    p.add_argument("--jar", help="swoop's spark-submit jar: check through spark-submit (default: jobs/swoop)")
    p.add_argument("--spark-submit", default="spark-submit", help="spark-submit to use with --jar")
    a = p.parse_args(argv)
    try:
        swoop = swoop_command(a.jar, a.spark_submit)
        line = check_manifest(a.output, a.snapshot_date, a.run_id, a.max_age_hours, swoop)
    except ManifestCheckFailed as e:
        print(f"swoop: {e}", file=sys.stderr)
        return 1
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

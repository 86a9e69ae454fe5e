"""Check that a swoop run published a snapshot date: its run manifest.

swoop writes ``OUTPUT/_runs/snapshot_date=YYYY-MM-DD.json`` last, after every table of that date is
in place. A run published the date when that file exists, says ``"status": "succeeded"``, is for
that date and carries the run's ``run_id`` (``swoop run --run-id``). spark-submit can exit 0
although the job failed (cluster deploy mode on Kubernetes), so schedulers check this after it.

No Airflow import here: the DAG uses ``check_manifest``, and this file runs alone too::

    python3 swoop_manifest.py --output /data/swoop --snapshot-date 2026-09-30 [--run-id ID]

Paths: local or mounted folders as they are; ``s3://``, ``s3a://``, ``gs://``, ``abfs://``,
``hdfs://`` through fsspec (``pip install fsspec s3fs`` / ``gcsfs`` / ...), ``s3a://`` read as
``s3://``.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timedelta, timezone


class ManifestCheckFailed(Exception):
    """The date was not published as asked."""


def manifest_path(output: str, snapshot_date: str) -> str:
    return f"{output.rstrip('/')}/_runs/snapshot_date={snapshot_date}.json"


def _read(path: str) -> str | None:
    if "://" not in path or path.startswith("file://"):
        local = path[len("file://"):] if path.startswith("file://") else path
        try:
            with open(local, encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            return None
    import fsspec  # only for remote outputs

    if path.startswith("s3a://"):
        path = "s3://" + path[len("s3a://"):]
    try:
        with fsspec.open(path, "r", encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return None


def check_manifest(output: str, snapshot_date: str, run_id: str | None = None,
                   max_age_hours: float | None = None) -> dict:
    """Returns the manifest of ``snapshot_date``, or raises ManifestCheckFailed saying why."""
    path = manifest_path(output, snapshot_date)
    text = _read(path)
    if text is None:
        raise ManifestCheckFailed(f"no run manifest {path}: snapshot_date={snapshot_date} was not published")
    try:
        manifest = json.loads(text)
    except ValueError as e:
        raise ManifestCheckFailed(f"run manifest {path} is not JSON: {e}") from e
    if manifest.get("status") != "succeeded":
        raise ManifestCheckFailed(f"run manifest {path} has status {manifest.get('status')!r}, not 'succeeded'")
    if manifest.get("snapshot_date") != snapshot_date:
        raise ManifestCheckFailed(f"run manifest {path} is for snapshot_date {manifest.get('snapshot_date')}")
    if run_id and manifest.get("run_id") != run_id:
        raise ManifestCheckFailed(
            f"run manifest {path} was written by run {manifest.get('run_id')!r}, not by this run {run_id!r}")
    if max_age_hours is not None:
        finished = datetime.fromisoformat(str(manifest.get("finished_at")).replace("Z", "+00:00"))
        if datetime.now(timezone.utc) - finished > timedelta(hours=max_age_hours):
            raise ManifestCheckFailed(f"run manifest {path} is from {finished}, more than {max_age_hours} hours ago")
    if not manifest.get("tables"):
        raise ManifestCheckFailed(f"run manifest {path} lists no tables")
    return manifest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Check that a swoop run published a snapshot date.")
    p.add_argument("--output", required=True, help="swoop's output folder")
    p.add_argument("--snapshot-date", required=True, help="YYYY-MM-DD")
    p.add_argument("--run-id", help="the manifest must carry this run_id")
    p.add_argument("--max-age-hours", type=float, help="the run must have finished within N hours")
    a = p.parse_args(argv)
    try:
        m = check_manifest(a.output, a.snapshot_date, a.run_id, a.max_age_hours)
    except ManifestCheckFailed as e:
        print(f"swoop: check failed: {e}", file=sys.stderr)
        return 1
    tables = ", ".join(f"{t} {n}" for t, n in m["tables"].items())
    print(f"swoop: snapshot_date={a.snapshot_date} published by run {m['run_id']} at {m['finished_at']}: {tables}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

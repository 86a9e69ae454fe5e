"""Runs the notebooks in place on one output folder, so they are committed with their charts.

    python notebooks/execute.py --output /tmp/swoop-out [notebooks/coaching.ipynb ...]

Needs duckdb, pandas, matplotlib, nbclient, nbformat and ipykernel (notebooks/README.md). Each
notebook runs top to bottom in a fresh kernel started in notebooks/, with SWOOP_OUTPUT set to
--output; a cell that fails stops that notebook, leaves its file unchanged and makes the exit
code 1.
"""

import argparse
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", required=True, help="swoop's --output folder (SWOOP_OUTPUT)")
    parser.add_argument("--snapshot", help="YYYY-MM-DD (SWOOP_SNAPSHOT); default: the latest")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook here")
    args = parser.parse_args(argv)

    output = args.output if "://" in args.output else str(Path(args.output).resolve())
    os.environ["SWOOP_OUTPUT"] = output
    if args.snapshot:
        os.environ["SWOOP_SNAPSHOT"] = args.snapshot
    else:
        os.environ.pop("SWOOP_SNAPSHOT", None)

    failed = []
    for path in args.notebooks or sorted(HERE.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=args.timeout,
            kernel_name="python3",
            record_timing=False,  # no timestamps in the committed files
            resources={"metadata": {"path": str(HERE)}},
        )
        try:
            client.execute()
        except CellExecutionError as e:
            print(f"{path.name}: FAILED\n{e}", file=sys.stderr)
            failed.append(path.name)
            continue
        nbformat.validate(nb)
        nbformat.write(nb, path)
        print(f"{path.name}: executed on {output}")
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Runs the notebooks in place on one output folder, so they are committed with their charts.

    python notebooks/execute.py --output /tmp/swoop-out [notebooks/coaching.ipynb ...]

Needs duckdb, pandas, matplotlib, nbclient, nbformat and ipykernel (notebooks/README.md). Each
notebook runs top to bottom in a fresh kernel started in notebooks/, with SWOOP_OUTPUT set to
--output; a cell that fails stops that notebook, leaves its file unchanged and makes the exit
code 1. With --into DIR the executed notebooks are written there instead of in place (the
committed files stay as they are).
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
    parser.add_argument("--into", type=Path, help="write the executed notebooks here, not in place")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook here")
    args = parser.parse_args(argv)

    output = args.output if "://" in args.output else str(Path(args.output).resolve())
    os.environ["SWOOP_OUTPUT"] = output
    if args.snapshot:
        os.environ["SWOOP_SNAPSHOT"] = args.snapshot
    else:
        os.environ.pop("SWOOP_SNAPSHOT", None)
    # ipykernel's debugger warns on every start that the interpreter uses frozen modules; the
    # notebooks never run under the debugger.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    if args.into:
        args.into.mkdir(parents=True, exist_ok=True)

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
        target = args.into / path.name if args.into else path
        nbformat.write(nb, target)
        print(f"{path.name}: executed on {output}" + (f", written to {target}" if args.into else ""))
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Executes one notebook headless with nbconvert's ExecutePreprocessor and our kernel (used by `./build.sh notebooks`).

usage: execute_notebook.py NOTEBOOK OUTPUT [TIMEOUT_SECONDS]

TIMEOUT_SECONDS limits each cell (default 3600); 0 means no limit, for the `full` profile, whose training cells run
for hours on a CPU.

Writes the executed copy (with outputs) to OUTPUT, which may be NOTEBOOK itself. On the first failing cell it still
writes what ran, prints which notebook and cell failed and why, and exits 1. Cells tagged `raises-exception` may fail.
"""
import sys

import nbformat
from nbconvert.preprocessors import CellExecutionError, ExecutePreprocessor
from pathlib import Path

KERNEL = "videomae-fsharp"


def failed_cell(notebook):
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                return index, cell, output
    return None


def main(source, target, timeout):
    notebook = nbformat.read(source, as_version=4)
    executor = ExecutePreprocessor(kernel_name=KERNEL, timeout=timeout if timeout > 0 else None)
    try:
        executor.preprocess(notebook, {"metadata": {"path": str(Path(source).resolve().parent)}})
    except CellExecutionError:
        nbformat.write(notebook, target)
        found = failed_cell(notebook)
        if found is None:
            print(f"{source}: a cell failed without an error output (see the log above)", file=sys.stderr)
        else:
            index, cell, error = found
            first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            print(f"{source}: cell {index + 1} ({first_line}) failed: {error.ename}: {error.evalue}", file=sys.stderr)
        return 1
    nbformat.write(notebook, target)
    return 0


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else 3600))

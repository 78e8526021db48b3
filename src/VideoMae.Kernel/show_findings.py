"""Prints what the committed, executed notebooks found, without running them (used by `./build.sh reproduce`).

usage: show_findings.py NOTEBOOK...

For each notebook: the text output of the code cell under its "What we found" heading, as stored when it was last
executed (the profile it ran at is named in that text). A notebook without such a cell, or whose cell holds no stored
output, is named with the reason, so nothing is passed over silently.
"""
import sys

import nbformat

HEADING = "What we found"


def findings(notebook):
    cells = notebook.cells
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown" and HEADING in cell.source and index + 1 < len(cells):
            for output in cells[index + 1].get("outputs", []):
                data = output.get("data", {})
                text = data.get("text/markdown") or data.get("text/plain") or output.get("text")
                if text:
                    return text if isinstance(text, str) else "".join(text)
            return None
    return None


def main(paths):
    for path in paths:
        print(f"--- {path}")
        notebook = nbformat.read(path, as_version=4)
        text = findings(notebook)
        if text is None:
            print(f"(no stored output under a '{HEADING}' heading: its full run over seeds is still being trained, see docs/notebooks.md, "
                  f"'Where the full runs stand', for its earlier single-seed results; execute it with ./build.sh notebooks --profile full {path})")
        else:
            print(text.rstrip())
        print()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])

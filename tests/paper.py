"""`make paper`: the navigation rules of tests/test_print.py applied to every print
edition of the real guide in output/ (after `make editions`), on both papers: no heading
ends a page without its first entry, and no contents, opener or index page is under a
quarter full except at its part's end. Too many pages to read back in `make test`."""

from __future__ import annotations

import sys
from pathlib import Path

from printed import page_fills, stranded

OUTPUT = Path(__file__).resolve().parents[1] / "output"


def main() -> int:
    paths = sorted(path for path in OUTPUT.rglob("*.pdf")
                   if "cards" not in path.parts[-2] and "cards" not in path.name
                   and "site" not in path.relative_to(OUTPUT).parts)
    if not paths:
        print("No PDFs in output/: run make editions first.")
        return 1
    problems = [f"{path.relative_to(OUTPUT.parent)}: {problem}"
                for path in paths for problem in stranded(page_fills(path))]
    print("\n".join(problems) or f"{len(paths)} PDFs read back: no stranded or near-empty "
          "navigation page.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

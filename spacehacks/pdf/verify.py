"""Finish: make sure each output is whole before it is written. The contents, bookmarks
and see-also links all depend on ids and headings in the templates; a template edit that
loses one must fail the build, not ship a guide with dead links.

The facts come from WeasyPrint's laid-out pages (their anchors and bookmarks), so
nothing has to parse the written PDF again.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BuildFailed, Problem


def check_output(anchors_on_pages: set[str], bookmarks: list[str], *,
                 anchors: list[str], bookmark_starts: list[str], template: Path) -> None:
    """Raise BuildFailed if an anchor or a bookmark that should be there is not."""
    missing = [anchor for anchor in anchors if anchor not in anchors_on_pages]
    missing += [f"bookmark '{start}'" for start in bookmark_starts
                if not any(label == start or label.startswith(f"{start} ")
                           for label in bookmarks)]
    if missing:
        raise BuildFailed([Problem(template, None,
                                   "the typeset PDF lacks link targets or bookmarks for: "
                                   + ", ".join(missing[:5])
                                   + (" ..." if len(missing) > 5 else "")
                                   + ". A template must keep the id and heading of every "
                                   "part and hack (see layout/partials/).")])

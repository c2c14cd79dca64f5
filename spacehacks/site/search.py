"""The search index, made by Pagefind (https://pagefind.app), whose binary comes inside
its wheel on PyPI (pagefind-bin): no network, no server. It reads the pages as they will
be written and makes a static index that the search page loads in the browser, a small
piece at a time. Only what a page marks with data-pagefind-body (the hacks, the text
parts, the glossary) is indexed.

A browser lets no page opened from the disk (file://) fetch Pagefind's index, so the
build also writes the hacks' plain text as a classic script, which the search page
loads only there and searches word by word itself."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from markupsafe import Markup

from ..errors import BuildFailed, Problem
from ..reading.model import Guide

FOLDER = "pagefind/"  # in the site
# Pagefind's own ready-made interfaces, which the site does not load: its search page is
# its own (layout/site/site.js), built on Pagefind's JavaScript API.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.",
          "pagefind-highlight.")
TIMEOUT = 120  # seconds; a site of a hundred pages takes well under one
OFFLINE_TEXTS = "assets/hack-texts.js"  # in the site


def index(pages: dict[str, str], language: str, layout_dir: Path) -> dict[str, bytes]:
    """The search bundle for these pages (file inside the site -> HTML), as files
    inside the site."""
    from pagefind_bin import get_executable

    with tempfile.TemporaryDirectory(prefix="space-hacks-search-") as work:
        site, bundle = Path(work) / "site", Path(work) / "bundle"
        for name, html in pages.items():
            path = site / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
        command = [str(get_executable()), "--site", str(site), "--output-path", str(bundle),
                   "--keep-index-url", "--force-language", language.split("-")[0].lower(),
                   "--silent"]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                                 stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise _failed(layout_dir, f"could not run ({error})") from None
        if run.returncode != 0:
            words = " ".join((run.stderr or run.stdout).split())[:300]
            raise _failed(layout_dir, f"stopped with an error ({words})")
        return {FOLDER + path.relative_to(bundle).as_posix(): path.read_bytes()
                for path in sorted(bundle.rglob("*"))
                if path.is_file() and not path.name.startswith(UNUSED)}


def _failed(layout_dir: Path, what: str) -> BuildFailed:
    return BuildFailed([Problem(layout_dir / "site", None,
                                f"Pagefind, which makes the site's search index, {what}. "
                                "Reinstall the project (make) and build again.")])


def offline_texts(guide: Guide) -> bytes:
    """Each hack's text, without its markup, by name: a script that only sets one
    variable (data, escaped so that no text can end the script or start markup)."""
    texts = {hack.slug: " ".join(Markup(hack.body_html).striptags().split())
             for hack in guide.hacks}
    data = (json.dumps(texts, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))
    return f"window.spaceHacksTexts = {data};\n".encode()

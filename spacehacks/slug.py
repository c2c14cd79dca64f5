"""One way to turn words into a name, for the file of a hack made by `new` and the id of a
glossary term: Python-Markdown's slugify (the function its table of contents uses), cut
down to the names the guide allows (reading/model.py NAME): lowercase a-z and digits,
words joined by single dashes.

Python-Markdown's slugify_unicode would keep letters such as "ñ" or "é", which NAME
refuses, so `new` would make a file that `check` then refuses; its ASCII form, used
here, writes them as "n" and "e".
"""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify


def slug(text: str) -> str:
    """'Niños: ¡ya!' -> 'ninos-ya'; '' when the text has no letter or digit."""
    return re.sub(r"[^a-z0-9]+", "-", slugify(text, "-")).strip("-")

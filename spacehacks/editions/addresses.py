"""Where each place of the guide lives on the web edition, and its address.

The web edition (output/site/) puts a hack at `hacks/<hack-name>/`, a part at
`parts/<part-folder>/`, a section at `parts/<part-folder>/<section-folder>/` and the
PDFs at `downloads/`. Print editions point at the same pages: a card at its hack, a
handout or part booklet at its part, the guide at the home page. Both ask this module,
so a printed address and the page it names can never drift apart.
"""

from __future__ import annotations

from ..reading.model import Hack, Part, Section

HOME = ""
HACKS = "hacks/"  # every hack, by part and section
DOWNLOADS = "downloads/"
SEARCH = "search/"
TAGS = "tags/"


def folder(place: Hack | Part | Section | str = HOME) -> str:
    """The page's folder inside the site, '' or ending in '/': 'hacks/one-voice-leads/'.
    A string is one of the pages above (HOME, HACKS, DOWNLOADS, SEARCH, TAGS)."""
    if isinstance(place, Hack):
        return f"hacks/{place.slug}/"
    if isinstance(place, Part):
        return f"parts/{place.id}/"
    if isinstance(place, Section):
        return f"parts/{place.part_id}/{place.id}/"
    return place


def address(website: str | None, place: Hack | Part | Section | str = HOME) -> str | None:
    """The page's full address, from the guide's `website:` in content/guide.yaml
    ('https://spacehacks.example.org/' + 'hacks/one-voice-leads/'); None without one."""
    if not website:
        return None
    return website.rstrip("/") + "/" + folder(place)

"""The hack counts a text asks for with `{{hacks: ...}}` (markup/counts.py), filled in
once every part is read: a number in the guide's prose is always the real one."""

from __future__ import annotations

from pathlib import Path

from ..errors import ProblemList, suggestion
from ..markup.counts import fill
from .model import Guide, Part


def counts_of(parts: list[Part]) -> dict[str, int]:
    """'all', each part's folder, and each 'part/section' -> how many hacks it holds."""
    counts = {"all": sum(len(part.hacks) for part in parts)}
    for part in parts:
        if part.kind == "hacks":
            counts[part.id] = len(part.hacks)
            counts.update((f"{part.id}/{section.id}", len(section.hacks))
                          for section in part.titled_sections)
    return counts


def check_counts(asked: list[tuple[Path, str, int]], counts: dict[str, int],
                 problems: ProblemList) -> None:
    for path, what, line in asked:
        if what not in counts:
            problems.add(path, line, f"'{{{{hacks: {what}}}}}' counts nothing: write "
                         "{{hacks: all}} for the whole guide, {{hacks: PART}} for a part or "
                         "{{hacks: PART/SECTION}} for a section, with their folder names."
                         f"{suggestion(what, counts)}")


def fill_counts(guide: Guide, counts: dict[str, int]) -> None:
    """Every text of the guide with its counts filled in."""
    for part in guide.parts:
        part.intro_html = fill(part.intro_html, counts)
        for section in part.sections:
            section.intro_html = fill(section.intro_html, counts)
            for hack in section.hacks:
                hack.body_html = fill(hack.body_html, counts)
                hack.sections_html = {title: fill(html, counts)
                                      for title, html in hack.sections_html.items()}
    if guide.whats_new is not None:
        guide.whats_new.html = fill(guide.whats_new.html, counts)
    for passage in guide.passages.values():
        passage.html = fill(passage.html, counts)

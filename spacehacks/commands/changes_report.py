"""The what-changed report, in words: from the records two builds left (build/records.py),
what a reviewer wants at a glance. One summary line first; then the hacks added, removed,
edited, renumbered and moved to another page (runs of hacks that moved together folded
into one line), hacks featured or no longer, hacks moved to another section, sections
renamed, quotes and pictures added, changed or removed, and the page count."""

from __future__ import annotations

from dataclasses import dataclass, field

RUN = 3  # this many hacks in a row moved alike are said in one line


@dataclass
class Report:
    pages_before: int  # the page count of each build
    pages_after: int
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    edited: list[dict] = field(default_factory=list)
    renumbered: list[tuple[dict, dict]] = field(default_factory=list)  # (before, after)
    moved: list[tuple[dict, dict]] = field(default_factory=list)  # to another page
    featured: list[dict] = field(default_factory=list)  # now featured
    unfeatured: list[dict] = field(default_factory=list)
    other_section: list[tuple[dict, dict]] = field(default_factory=list)
    sections_renamed: list[tuple[str, str]] = field(default_factory=list)
    quotes: dict[str, list[str]] = field(default_factory=dict)  # "added" -> ids
    pictures: list[tuple[dict, str, str]] = field(default_factory=list)  # hack, what, src

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.edited or self.renumbered
                    or self.moved or self.featured or self.unfeatured or self.other_section
                    or self.sections_renamed or any(self.quotes.values()) or self.pictures
                    or self.pages_before != self.pages_after)


def compare(before: dict, after: dict) -> Report:
    old = {hack["name"]: hack for hack in before.get("hacks", [])}
    new = {hack["name"]: hack for hack in after.get("hacks", [])}
    report = Report(pages_before=before.get("page_count", 0),
                    pages_after=after.get("page_count", 0))
    report.added = [hack for name, hack in new.items() if name not in old]
    report.removed = [hack for name, hack in old.items() if name not in new]
    for name, now in new.items():  # in the order of the guide
        was = old.get(name)
        if was is None:
            continue
        if was["hash"] != now["hash"]:
            report.edited.append(now)
        if was["number"] != now["number"]:
            report.renumbered.append((was, now))
        elif was["pages"][:1] != now["pages"][:1]:
            report.moved.append((was, now))
        if "featured" in was and was["featured"] != now.get("featured"):
            (report.featured if now.get("featured") else report.unfeatured).append(now)
        if (was.get("part"), was.get("section")) != (now.get("part"), now.get("section")):
            report.other_section.append((was, now))
        for src in sorted(set(was.get("pictures", {})) | set(now.get("pictures", {}))):
            before_hash = was.get("pictures", {}).get(src)
            after_hash = now.get("pictures", {}).get(src)
            if before_hash != after_hash and "pictures" in was:
                what = ("added" if before_hash is None else "removed" if after_hash is None
                        else "changed")
                report.pictures.append((now, what, src))
    old_sections, new_sections = before.get("sections", {}), after.get("sections", {})
    report.sections_renamed = [(old_sections[key], new_sections[key]) for key in new_sections
                               if key in old_sections and old_sections[key] != new_sections[key]]
    if "quotes" in before:
        old_quotes, new_quotes = before["quotes"], after.get("quotes", {})
        report.quotes = {
            "added": [key for key in new_quotes if key not in old_quotes],
            "edited": [key for key in new_quotes if key in old_quotes
                       and old_quotes[key] != new_quotes[key]],
            "removed": [key for key in old_quotes if key not in new_quotes]}
    return report


def _page(hack: dict) -> str:
    return f"page {hack['pages'][0]}" if hack.get("pages") else "no page"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summary(report: Report) -> str:
    """The one line a reviewer reads first."""
    hacks = [(len(report.added), "added"), (len(report.removed), "removed"),
             (len(report.edited), "edited"), (len(report.renumbered), "renumbered"),
             (len(report.moved), "moved to another page"),
             (len(report.other_section), "moved to another section")]
    said = [f"{number} {what}" for number, what in hacks if number]
    parts = [f"hacks: {', '.join(said)}"] if said else ["no hack changed"]
    if report.featured or report.unfeatured:
        parts.append(f"featured: {len(report.featured)} more, {len(report.unfeatured)} fewer")
    quotes = sum(len(ids) for ids in report.quotes.values())
    if quotes:
        parts.append(_count(quotes, "quote") + " changed")
    if report.pictures:
        parts.append(_count(len(report.pictures), "picture") + " changed")
    change = report.pages_after - report.pages_before
    parts.append(f"{report.pages_after} pages ({change:+d})" if change else
                 f"{report.pages_after} pages, as before")
    return "Summary: " + "; ".join(parts) + "."


def _runs(pairs: list[tuple[dict, dict]], shift) -> list[list[tuple[dict, dict]]]:
    """Consecutive pairs (in the guide's order) that moved by the same amount (a pair
    whose shift is None is never in a run with another)."""
    runs: list[list[tuple[dict, dict]]] = []
    for pair in pairs:
        if runs and shift(pair) is not None and shift(runs[-1][-1]) == shift(pair) \
                and _follows(runs[-1][-1][1], pair[1]):
            runs[-1].append(pair)
        else:
            runs.append([pair])
    return runs


def _follows(first: dict, second: dict) -> bool:
    """The second hack comes right after the first (same part, next number)."""
    part1, _, n1 = first["number"].rpartition("-")
    part2, _, n2 = second["number"].rpartition("-")
    return part1 == part2 and n1.isdigit() and n2.isdigit() and int(n2) == int(n1) + 1


def _renumbered(pairs) -> list[str]:
    lines = []
    for run in _runs(pairs, lambda pair: _number_shift(pair)):
        if len(run) >= RUN:
            (first_was, first_now), (last_was, last_now) = run[0], run[-1]
            lines.append(f"{first_was['number']} to {last_was['number']} ({len(run)} hacks) "
                         f"are now {first_now['number']} to {last_now['number']}")
        else:
            lines += [f"{was['number']} is now {now['number']}: {now['title']}"
                      for was, now in run]
    return lines


def _number_shift(pair) -> tuple:
    was, now = pair
    return (was["number"].rpartition("-")[0], now["number"].rpartition("-")[0],
            _number(now) - _number(was))


def _number(hack: dict) -> int:
    tail = hack["number"].rpartition("-")[2]
    return int(tail) if tail.isdigit() else 0


def _page_shift(pair) -> int | None:
    """How many pages later the hack starts now (None when it had or has no page)."""
    was, now = pair
    return now["pages"][0] - was["pages"][0] if was.get("pages") and now.get("pages") else None


def _moved(pairs) -> list[str]:
    lines = []
    for run in _runs(pairs, _page_shift):
        if len(run) >= RUN:
            (first_was, first_now), (last_was, last_now) = run[0], run[-1]
            moved = _page_shift(run[0])
            lines.append(f"{first_now['number']} to {last_now['number']} ({len(run)} hacks): "
                         f"{abs(moved)} page{'s' if abs(moved) > 1 else ''} "
                         f"{'later' if moved > 0 else 'earlier'} (pages "
                         f"{first_was['pages'][0]}-{last_was['pages'][0]} are now "
                         f"{first_now['pages'][0]}-{last_now['pages'][0]})")
        else:
            lines += [f"{now['number']} {now['title']}: {_page(was)} is now {_page(now)}"
                      for was, now in run]
    return lines


def describe(report: Report, *, markdown: bool = False, stale: str = "") -> str:
    """The report in plain lines (or Markdown, for a CI job summary)."""
    bullet = "- " if markdown else "  "
    heading = (lambda text: f"### {text}") if markdown else (lambda text: f"{text}:")
    lines = ["## What changed in the guide"] if markdown else []
    lines.append(summary(report))
    if stale:
        lines.append(stale)
    if report.empty:
        return "\n".join(lines)
    pictures = [f"{hack['number']} {hack['title']}: {src} {what}"
                for hack, what, src in report.pictures]
    sections = [
        ("Added", [f"{h['number']} {h['title']} ({_page(h)})" for h in report.added]),
        ("Removed", [f"{h['number']} {h['title']}" for h in report.removed]),
        ("Edited", [f"{h['number']} {h['title']} ({_page(h)})" for h in report.edited]),
        ("Renumbered", _renumbered(report.renumbered)),
        ("Moved to another page", _moved(report.moved)),
        ("Moved to another section", [
            f"{now['number']} {now['title']}: from '{was.get('section_title') or was['part']}'"
            f" to '{now.get('section_title') or now['part']}'"
            for was, now in report.other_section]),
        ("Now featured", [f"{h['number']} {h['title']}" for h in report.featured]),
        ("No longer featured", [f"{h['number']} {h['title']}" for h in report.unfeatured]),
        ("Sections renamed", [f"'{was}' is now '{now}'" for was, now in report.sections_renamed]),
        ("Quotes", [f"{what}: {', '.join(ids)}" for what, ids in report.quotes.items() if ids]),
        ("Pictures", pictures),
    ]
    counts = {"Renumbered": len(report.renumbered), "Moved to another page": len(report.moved),
              "Quotes": sum(len(ids) for ids in report.quotes.values())}
    for title, items in sections:
        if items:
            lines.append(heading(f"{title} ({counts.get(title, len(items))})"))
            lines.extend(bullet + item for item in items)
    change = report.pages_after - report.pages_before
    lines.append(f"Pages: {report.pages_before} before, {report.pages_after} now "
                 f"({change:+d})." if change else
                 f"Pages: {report.pages_after}, as before.")
    return "\n".join(lines)

"""`build_pdf.py new` and `build_pdf.py move`: add a hack or move one, without renaming
a single file. The order of hacks is the `hacks:` list in section.md (or part.md), so
both commands edit one or two lines of those lists (keeping everything else in the file
as it was) and, for a move to another section, move the hack's file.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildFailed, UsageError, suggestion
from ..slug import slug
from ..reading import yamlfile
from ..reading.checks import HACK_TEMPLATE, same_words
from ..reading.model import Guide, Part, Section
from .common import print_problems, project_root, read_checked


def add_parsers(commands, common) -> None:
    place = argparse.ArgumentParser(add_help=False)  # where the hack goes, for both
    place.add_argument("--part", help="the part's folder, e.g. immediate-response")
    place.add_argument("--section", help="the section's folder inside the part, "
                                         "e.g. medical-emergencies")
    where = place.add_mutually_exclusive_group()
    where.add_argument("--after", metavar="HACK", help="put it right after this hack "
                                                      "(its name, like one-voice-leads, or R-4)")
    where.add_argument("--first", action="store_true", help="put it first in its section")

    new = commands.add_parser(
        "new", parents=[common, place], help="create a hack from the template, in its place",
        description="Create a new hack from the template, in the right folder, listed where "
                    "it should be printed. No other file is renamed.",
        epilog='Example: build_pdf.py new "Check the back door" --part prevention --section '
               "space-and-supplies --after walk-the-space-like-a-newcomer")
    new.add_argument("title", help="the hack's title, starting with a verb")
    new.set_defaults(run=run_new)

    move = commands.add_parser(
        "move", parents=[common, place], help="move a hack to another place in the guide",
        description="Move a hack to another place in the guide (another position, section "
                    "or part). Its number changes; its name, and every reference to it, stay.",
        epilog="Example: build_pdf.py move check-on-someone-who-does-not-answer --after "
               "respond-to-an-opioid-overdose")
    move.add_argument("hack", help="the hack to move: its name (one-voice-leads) or number")
    move.set_defaults(run=run_move, parser=move)


def run_new(args) -> int:
    root = project_root(args.project)
    guide = read_checked(root, "add the hack", unwritten_ok=True)
    if guide is None:
        return 1
    place = find_place(guide, part=args.part, section=args.section, after=args.after,
                       first=args.first)
    path = new_hack(root, guide, args.title, place)
    shown = path.relative_to(root.resolve()) if path.is_relative_to(root.resolve()) else path
    print(f"Created {shown} from the template: write its summary, tags and three sections "
          "(until then, check lists the lines that still hold the template's example text).")
    return _say_number(root, path.stem, None)


def run_move(args) -> int:
    if not (args.after or args.part or args.section):
        args.parser.error("say where to: --after HACK, or --part (and --section) with "
                          "--first or without it for the end")
    root = project_root(args.project)
    guide = read_checked(root, "move the hack", unwritten_ok=True)
    if guide is None:
        return 1
    hack = find_hack(guide, args.hack)
    part = args.part or (hack.part_id if args.section else None)
    place = find_place(guide, part=part, section=args.section, after=args.after,
                       first=args.first)
    move_hack(guide, hack.slug, place)
    return _say_number(root, hack.slug, hack.number)


def _say_number(root: Path, name: str, before: str | None) -> int:
    """Read the guide again after an edit, and say what the hack's number is now."""
    from ..reading.reader import read_guide

    try:
        guide = read_guide(root)
    except BuildFailed as failed:
        print_problems(failed.problems, root)
        return 1
    hack = guide.hack(name)
    if before and before != hack.number:
        print(f"{before} is now {hack.number}: {hack.title}. The numbers of the hacks in "
              "between moved by one; contents, index and see-also lines follow by themselves.")
    else:
        print(f"It prints as {hack.number}. The numbers after it moved up by one by themselves.")
    print("Check it with: make check")
    return 0


@dataclass
class Place:
    """Where a hack goes: a section (or a part without sections) and a position."""

    section: Section
    index: int  # in section.hacks

    @property
    def folder(self) -> Path:
        return self.section.path.parent


def name_from_title(title: str) -> str:
    name = slug(title)[:60].rstrip("-")
    if not name:
        raise UsageError("the title needs some letters or digits, for the file name.")
    return name


def find_place(guide: Guide, *, part: str | None, section: str | None, after: str | None,
               first: bool) -> Place:
    """The place named by --part/--section and --after or --first."""
    if after:
        hack = find_hack(guide, after)
        home = _section_of(guide, hack.slug)
        if section and home.id != section:
            raise UsageError(f"'{after}' is in the section '{home.id}', not '{section}'.")
        return Place(home, home.hacks.index(hack) + 1)
    the_part = _part(guide, part)
    if section is None and the_part.titled_sections:
        names = ", ".join(s.id for s in the_part.titled_sections)
        raise UsageError(f"the part '{the_part.id}' has sections: say which one with "
                         f"--section ({names}), or put the hack after another with --after.")
    target = _section(the_part, section) if section else the_part.sections[0]
    return Place(target, 0 if first else len(target.hacks))


def new_hack(root: Path, guide: Guide, title: str, place: Place) -> Path:
    """Create the hack's file from the template, and list it at its place."""
    name = name_from_title(title)
    refuse_taken(guide, title, name, place)
    text = (root / "layout" / HACK_TEMPLATE).read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", lambda _: f"title: {_yaml_text(title)}", text, count=1,
                  flags=re.M)
    path = place.folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    _insert(place.section.path, name, place.index)
    return path


def refuse_taken(guide: Guide, title: str, name: str, place: Place) -> None:
    """Each hack has a title and a file name of its own: say so before writing anything
    (a second hack with one title would stop every check, and every later `new`)."""
    for hack in guide.hacks:
        if same_words(hack.title) == same_words(title):
            raise UsageError(f"{hack.number} ({_shown(guide, hack.path)}) already has the "
                             f"title '{hack.title}'. Give the new hack a title of its own.")
        if hack.slug == name:
            raise UsageError(f"the new hack's file would be {name}.md, the file name of "
                             f"{hack.number} '{hack.title}' ({_shown(guide, hack.path)}). "
                             "Choose a title with other words.")
    for taken in (place.folder / f"{name}.md", guide.left_out.get(name)):
        if taken is not None and taken.exists():
            raise UsageError(f"{_shown(guide, taken)} already exists (left out of the guide, "
                             "or not yet listed). Put it back, or choose a title with other "
                             "words.")


def _shown(guide: Guide, path: Path) -> str:
    root = guide.content.parent
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def move_hack(guide: Guide, name: str, place: Place) -> Path:
    """Take the hack's line out of its list and put it at the new place; move the file
    when the place is in another folder."""
    hack = find_hack(guide, name)
    home = _section_of(guide, hack.slug)
    target = place.folder / hack.path.name
    if target != hack.path and target.exists():  # refused before anything is edited
        raise UsageError(f"{_shown(guide, target)} already exists: rename one of the two "
                         "hacks first.")
    index = place.index
    if home.path == place.section.path and home.hacks.index(hack) < index:
        index -= 1  # its own line comes out first
    _remove(home.path, hack.slug)
    if target != hack.path:
        hack.path.rename(target)
    _insert(place.section.path, hack.slug, index)
    return target


# ---- the lists ---------------------------------------------------------------------

def _front_matter(path: Path) -> tuple[list[str], int, yamlfile.Mapping]:
    lines = path.read_text(encoding="utf-8").split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    data = yamlfile.parse("\n".join(lines[1:end]), first_line=2) or yamlfile.Mapping()
    return lines, end, data


def _insert(list_file: Path, name: str, index: int) -> None:
    """Add `  - name` to the `hacks:` list of section.md or part.md, at `index`."""
    lines, end, data = _front_matter(list_file)
    items = data.get("hacks")
    if "hacks" not in data:
        lines[end:end] = ["hacks:", f"  - {name}"]
    elif not items:  # `hacks: []` or `hacks:` with nothing under it
        key_line = data.line_of("hacks") - 1
        lines[key_line:key_line + 1] = ["hacks:", f"  - {name}"]
    else:
        indent = re.match(r"\s*", lines[items.line_of(0) - 1]).group(0)
        at = items.line_of(index) - 1 if index < len(items) else items.line_of(len(items) - 1)
        lines.insert(at, f"{indent}- {name}")
    list_file.write_text("\n".join(lines), encoding="utf-8")


def _remove(list_file: Path, name: str) -> None:
    lines, _, data = _front_matter(list_file)
    items = data.get("hacks") or []
    for index, item in enumerate(items):
        if str(item).removesuffix(".md") == name:
            del lines[items.line_of(index) - 1]
            break
    list_file.write_text("\n".join(lines), encoding="utf-8")


# ---- finding things by name ----------------------------------------------------------

def find_hack(guide: Guide, name: str):
    wanted = name.strip().lower().rpartition("/")[2].removesuffix(".md")  # a path is fine
    for hack in guide.hacks:
        if wanted in (hack.slug, hack.number.lower()):
            return hack
    raise UsageError(f"there is no hack called '{name}'."
                     f"{suggestion(wanted, [hack.slug for hack in guide.hacks])} Name a hack "
                     "by its file name without .md (one-voice-leads) or its number (R-4).")


def _section_of(guide: Guide, slug: str) -> Section:
    return next(section for part in guide.parts for section in part.sections
                if any(hack.slug == slug for hack in section.hacks))


def _part(guide: Guide, part_id: str | None) -> Part:
    hack_parts = [part for part in guide.parts if part.kind == "hacks"]
    for part in hack_parts:
        if part.id == part_id:
            return part
    raise UsageError(f"name the part with --part: one of {', '.join(p.id for p in hack_parts)}."
                     + (suggestion(part_id, [p.id for p in hack_parts]) if part_id else ""))


def _section(part: Part, section_id: str) -> Section:
    for section in part.titled_sections:
        if section.id == section_id:
            return section
    names = [section.id for section in part.titled_sections]
    raise UsageError(f"the part '{part.id}' has no section '{section_id}'."
                     f"{suggestion(section_id, names)} Its sections: {', '.join(names)}.")


def _yaml_text(text: str) -> str:
    """A title as a YAML value: quoted when it holds a colon or starts oddly."""
    if re.search(r":\s|#|^[\[\]{}&*!|>'\"%@`-]", text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text

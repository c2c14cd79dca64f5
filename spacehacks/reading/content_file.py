"""Reading one content file: its text, its YAML, its settings and its Markdown.

Every problem is noted with its file and line, and nothing stops at the first one: the
editor gets the whole list at once. How the files fit together is reader.py's job.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from typing import NamedTuple

from ..markup import convert as markup
from .. import paths
from . import limits, schema
from . import yamlfile
from ..errors import ProblemList
from .model import settings_of

# A content file larger than this is refused before it is read: no hack needs it (the
# largest file, the glossary, has 10 KB), and a huge file would make a build hang on a
# community edit.
MAX_FILE_BYTES = 200_000
# And at most this many lines (the longest, the glossary, has 300): Python-Markdown spends
# a fixed while on each paragraph, item and heading, whatever their length.
MAX_LINES = 4_000

class MarkdownFile(NamedTuple):
    data: yamlfile.Mapping  # the settings between the --- lines, with their lines
    good: dict  # the settings that passed their checks, by model field name
    body: str  # the Markdown after the settings
    body_line: int  # the file line where the body starts
    html: str
    sections: dict[str, str]  # `## Heading` text -> the HTML under it
    headings: list  # every heading (markup.Heading): level as written, text, line
    pictures: list[tuple[str, int]]  # each picture as written, and its line
    placed: list[tuple[str, int]]  # shared passages placed: (name, line)
    typed_numbers: list[tuple[str, int]]  # what looks like a hack number, typed: (it, line)


def _entry_without_dash(text: str, error: yamlfile.YAMLSyntaxError, first_key: str):
    """The line of a list file where an entry starts without its '- ', or None: the
    first entry, a line that breaks off the list, or a second `id:` in one entry."""
    lines = text.split("\n")
    written = [(number, line) for number, line in enumerate(lines, start=1)
               if line.strip() and not line.lstrip().startswith("#")]
    if written and not written[0][1].startswith("-"):
        return written[0][0]
    if error.line and (error.outside_list or error.repeated == first_key) and not lines[
            error.line - 1].lstrip().startswith("-"):
        return error.line
    return None


def _entry_shape(text: str, error: yamlfile.YAMLSyntaxError, entry: tuple[str, str]
                 ) -> tuple[int, str] | None:
    """An entry of a list file written almost right: its dash without a space ('-id:'),
    a star for a dash ('* id:'), or one of its lines not indented under it. The line, and
    what to type."""
    what, first_key = entry
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if re.match(rf"-{first_key}\s*:", line):
            return number, (f"each {what} starts with '- ' (a dash, then a space): write "
                            f"'- {line[1:].strip()}'.")
        if re.match(rf"[*+•]\s+{first_key}\s*:", line):
            return number, (f"each {what} starts with '- ' (a dash and a space), not "
                            f"'{line.lstrip()[0]}': write '- {line.lstrip()[1:].strip()}'.")
    if error.line and error.line <= len(lines):
        line = lines[error.line - 1]
        key = re.match(r"([a-z_]+)\s*:", line)
        above = next((earlier for earlier in reversed(lines[:error.line - 1])
                      if earlier.strip() and not earlier.lstrip().startswith("#")), "")
        if key and key.group(1) != first_key and above.startswith(("- ", "  ")):
            return error.line, (f"'{key.group(1)}:' belongs to the {what} above, so it is "
                                f"indented by two spaces, under '{first_key}:'. Add two spaces "
                                "at the start of this line.")
    return None


class SourceFiles:
    """Reads content files, collecting problems, the text of every file, pictures and
    links between hacks."""

    def __init__(self, root: Path):
        self.content = root / "content"
        self.links_out: set[Path] = set()  # links to outside content/, noted once each
        self.problems = ProblemList()
        self.notes = ProblemList()  # advice only: the build goes on
        self.sources: dict[Path, str] = {}  # every file read, for the font and style checks
        # Values written in double quotes, as their escapes decode, with their lines: the
        # character check reads them as well as the file.
        self.decoded: dict[Path, list[tuple[int, str]]] = {}
        self.images: dict[str, Path] = {}
        self.hack_links: list[tuple[Path, str, int]] = []
        self.passages: dict[str, str] = {}  # shared passage name -> HTML (read first)
        self.placed: set[str] = set()  # the passages some text places
        self.counts: list[tuple[Path, str, int]] = []  # {{hacks: what}}: file, what, line
        self.passage_pages: dict[str, float] = {}  # shared passage name -> its pages
        self.estimates: dict[Path, limits.Estimate] = {}  # each file's pages, before layout

    def content_is_inside(self) -> bool:
        """The content/ folder itself is no link to a folder elsewhere (noted if it is)."""
        if paths.is_inside(self.content, self.content.parent):
            return True
        self.problems.add(self.content, None, "this folder is a link to a folder outside the "
                          "project, so nothing in it is read. Replace the link with the "
                          "folder itself.")
        return False

    def leads_outside(self, path: Path) -> bool:
        """A link (symlink) in a pull request could point anywhere on the machine: note
        the link that leads out of content/, once."""
        refused = paths.refused_link(self.content, path)
        if refused and refused[0] not in self.links_out:
            self.links_out.add(refused[0])
            self.problems.add(refused[0], None, refused[1])
        return refused is not None

    def read_text(self, path: Path) -> str | None:
        try:
            if self.leads_outside(path):
                return None
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.problems.add(path, None, f"this file is {size / 1000:.0f} KB; a content "
                                  f"file may be at most {MAX_FILE_BYTES / 1000:.0f} KB. Split "
                                  "it, or check that it is the file you meant.")
                return None
            # utf-8-sig: some editors put an invisible mark at the start of the file.
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            self.problems.add(path, None, "this file is missing. Restore it from the "
                              "project's history, or create it as EDITING.md shows.")
            return None
        except IsADirectoryError:
            self.problems.add(path, None, "this is a folder, but a file is expected here. "
                              "Rename or move the folder.")
            return None
        except PermissionError:
            self.problems.add(path, None, "this file cannot be opened: you may not read it. "
                              "Check its permissions.")
            return None
        except UnicodeDecodeError as error:
            line = error.object[: error.start].count(b"\n") + 1
            self.problems.add(path, line, "this file is not saved as UTF-8 text. Save it "
                              "again as UTF-8 in your editor.")
            return None
        except OSError as error:  # a name too long, a link that loops, ...
            if error.errno == errno.ELOOP:
                self.problems.add(path, None, "this file is a link that leads back to itself, "
                                  "so it cannot be read. Replace the link with the file "
                                  "itself.")
                return None
            self.problems.add(path, None, f"this file cannot be read ({error.strerror}). "
                              "Replace it with an ordinary text file.")
            return None
        lines = text.count("\n") + 1
        if lines > MAX_LINES:
            self.problems.add(path, MAX_LINES + 1, f"this file has {lines:,} lines; a content "
                              f"file may have at most {MAX_LINES:,}. Split it, or check that "
                              "it is the file you meant.")
            return None
        self.sources[path] = text
        return text

    def read_yaml(self, path: Path, text: str, kind: type, expected: str, first_line: int = 1,
                  *, entry: tuple[str, str] | None = None):
        """Parse YAML that must be a Mapping or a Sequence; else note why not. `entry` is
        (what, first setting) of the entries of a list file, such as ('quote', 'id')."""
        try:
            data = yamlfile.parse(text, first_line, self.decoded.setdefault(path, []))
        except yamlfile.YAMLSyntaxError as error:
            shape = _entry_shape(text, error, entry) if entry else None
            line = _entry_without_dash(text, error, entry[1]) if entry else None
            if shape is not None:
                self.problems.add(path, *shape)
            elif line is None:
                self.problems.add(path, error.line, error.message)
            else:
                self.problems.add(path, line, f"each {entry[0]} starts with a line "
                                  f"'- {entry[1]}: ...', with its other lines indented by two "
                                  "spaces under it. Add '- ' at the start of this line.")
            return None
        if data is None:
            self.problems.add(path, first_line, f"this is empty, but it should hold {expected} "
                              "(see EDITING.md).")
            return None
        if not isinstance(data, kind):
            self.problems.add(path, first_line, f"this should hold {expected} (see EDITING.md).")
            return None
        return data

    def split_front_matter(self, path: Path, text: str):
        """Return (front matter data, body, first line of body) or None."""
        lines = text.split("\n")
        if not lines or lines[0].strip() != "---":
            self.problems.add(path, 1, "the file must start with a line '---', then the "
                              "settings (title: ...), then another '---'. Copy the template "
                              "in EDITING.md.")
            return None
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                data = self.read_yaml(path, "\n".join(lines[1:index]), yamlfile.Mapping,
                                      "'name: value' settings between the two '---' lines",
                                      first_line=2)
                if data is None:
                    return None
                return data, "\n".join(lines[index + 1:]), index + 2
        self.problems.add(path, 1, "the settings at the top are never closed: add a line "
                          "'---' after the last setting.")
        return None

    def read_markdown(self, path: Path, model: type, what: str, *,
                      heading_base: int, id_prefix: str) -> MarkdownFile | None:
        """A part.md, section.md or hack: settings between --- lines, then Markdown."""
        text = self.read_text(path)
        if text is None:
            return None
        split = self.split_front_matter(path, text)
        if split is None:
            return None
        data, body, body_line = split
        good = self.settings(path, data, model, what)
        for key in ("title", "summary"):
            if key in good:
                markup.check_line(good[key], field=key, path=path, line=data.line_of(key),
                                  problems=self.problems)
        converted = markup.convert(body, path=path, first_line=body_line,
                                   content=self.content, problems=self.problems,
                                   heading_base=heading_base, id_prefix=id_prefix,
                                   passages=self.passages)
        self.estimate(path, body, model, first_line=body_line, headings=converted.headings,
                      pictures=converted.pictures, placed=converted.placed)
        self.images.update(converted.images)
        self.placed.update(name for name, _ in converted.placed)
        self.hack_links.extend((path, slug, line) for slug, line in converted.hack_links)
        self.counts.extend((path, what, line) for what, line in converted.counts)
        return MarkdownFile(data, good, body, body_line, converted.html, converted.sections,
                            converted.headings, converted.pictures, converted.placed,
                            converted.typed_numbers)

    def estimate(self, path: Path, text: str, model: type, **found) -> None:
        """The file's pages, estimated before anything is laid out: past its kind's
        limit, a problem at the line where it passes it (limits.py)."""
        estimate = limits.check_size(path, text, model, self.problems,
                                     passage_pages=self.passage_pages, **found)
        if estimate is not None:
            self.estimates[path] = estimate

    def read_yaml_list(self, path: Path, model: type, what: str):
        """quotes.yaml or glossary.yaml: yield (entry, its good values) for each entry."""
        text = self.read_text(path)
        schema = settings_of(model)
        first_key = next(iter(schema))
        data = self.read_yaml(path, text, yamlfile.Sequence,
                              f"a list whose entries each start with '- {first_key}:'",
                              entry=(what.split(" ", 1)[1], first_key)
                              ) if text is not None else None
        if data is None:
            return
        self.estimate(path, text, model)
        for index, entry in enumerate(data):
            if not isinstance(entry, yamlfile.Mapping):
                needed = " and ".join(f"'{key}:'" for key, item in schema.items() if item.needed)
                self.problems.add(path, data.line_of(index), f"each entry needs {needed} lines.")
                continue
            yield entry, self.settings(path, entry, model, what)

    def settings(self, path: Path, data, model: type, what: str) -> dict:
        """The settings that pass their checks against the model (schema.py)."""
        return schema.check(path, data, model, what, self.problems)

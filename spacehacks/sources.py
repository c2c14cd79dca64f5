"""Reading one content file: its text, its YAML, its settings and its Markdown.

Every problem is noted with its file and line, and nothing stops at the first one: the
editor gets the whole list at once. How the files fit together is reader.py's job.
"""

from __future__ import annotations

import datetime
import errno
from pathlib import Path
from typing import NamedTuple

from . import markup, paths, yamlfile
from .errors import ProblemList, suggestion
from .model import WRITTEN_AS, Setting, settings_of

# A content file larger than this is refused before it is read: no hack needs it (the
# largest file, the glossary, has 10 KB), and a huge file would make a build hang on a
# community edit.
MAX_FILE_BYTES = 200_000

TYPE_NAMES = {
    str: "some text. If it is, put it in double quotes: \"...\"",
    bool: "true or false",
    datetime.date: "a date written as 2026-11-25",
}


def type_name(item: Setting) -> str:
    """What a setting must be, with the model's own example for a list or block."""
    if item.kind is list:
        if item.example.startswith("["):
            return f"a list in square brackets, such as {item.example}"
        return f"a list: {item.example}"
    if item.kind is dict:
        return ("a list of 'short-name: Printed name' lines, each indented by two spaces, "
                f"such as '  {item.example}'")
    return TYPE_NAMES[item.kind]


class MarkdownFile(NamedTuple):
    data: yamlfile.Mapping  # the settings between the --- lines, with their lines
    good: dict  # the settings that passed their checks, by model field name
    body: str  # the Markdown after the settings
    body_line: int  # the file line where the body starts
    html: str
    sections: dict[str, str]  # `## Heading` text -> the HTML under it


def written(name: str) -> str:
    """How a model field is spelled in the file (`hacks_order` is written `hacks:`)."""
    return WRITTEN_AS.get(name, name)


class SourceFiles:
    """Reads content files, collecting problems, the text of every file, pictures and
    links between hacks."""

    def __init__(self, root: Path):
        self.content = root / "content"
        self.links_out: set[Path] = set()  # links to outside content/, noted once each
        self.problems = ProblemList()
        self.notes = ProblemList()  # advice only: the build goes on
        self.sources: dict[Path, str] = {}  # every file read, for the font and style checks
        self.images: dict[str, Path] = {}
        self.hack_links: list[tuple[Path, str, int]] = []

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
        self.sources[path] = text
        return text

    def read_yaml(self, path: Path, text: str, kind: type, expected: str, first_line: int = 1):
        """Parse YAML that must be a Mapping or a Sequence; else note why not."""
        try:
            data = yamlfile.parse(text, first_line)
        except yamlfile.YAMLSyntaxError as error:
            self.problems.add(path, error.line, error.message)
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
                                   heading_base=heading_base, id_prefix=id_prefix)
        self.images.update(converted.images)
        self.hack_links.extend((path, slug, line) for slug, line in converted.hack_links)
        return MarkdownFile(data, good, body, body_line, converted.html, converted.sections)

    def read_yaml_list(self, path: Path, model: type, what: str):
        """quotes.yaml or glossary.yaml: yield (entry, its good values) for each entry."""
        text = self.read_text(path)
        schema = settings_of(model)
        first_key = next(iter(schema))
        data = self.read_yaml(path, text, yamlfile.Sequence,
                              f"a list whose entries each start with '- {first_key}:'"
                              ) if text is not None else None
        if data is None:
            return
        for index, entry in enumerate(data):
            if not isinstance(entry, yamlfile.Mapping):
                needed = " and ".join(f"'{key}:'" for key, item in schema.items() if item.needed)
                self.problems.add(path, data.line_of(index), f"each entry needs {needed} lines.")
                continue
            yield entry, self.settings(path, entry, model, what)

    def settings(self, path: Path, data, model: type, what: str) -> dict:
        """Check the names and types of the settings against the model; return the good
        values, by model field name."""
        schema = {written(name): item for name, item in settings_of(model).items()}
        good = {}
        for key in data:
            if key not in schema:
                self.problems.add(path, data.line_of(key),
                                  f"'{key}' is not a setting of {what}.{suggestion(key, schema)}"
                                  f" The settings are: {', '.join(schema)}.")
        for key, item in schema.items():
            if key not in data or data[key] is None:
                if item.needed:
                    self.problems.add(path, data.line,
                                      f"{what} needs '{key}:'. Add a line '{key}: ...' "
                                      "(see EDITING.md).")
                continue
            value = data[key]
            kind = item.kind
            if kind is datetime.date and isinstance(value, str):
                try:
                    value = datetime.date.fromisoformat(value)
                except ValueError:
                    pass
            if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, kind) or (kind is str and not value.strip()):
                self.problems.add(path, data.line_of(key),
                                  f"'{key}' must be {type_name(item)}"
                                  f"{', not empty' if kind is str else ''}.")
                continue
            if kind is list:
                value = self.string_list(path, value, key)
            good[item.name] = value.strip() if isinstance(value, str) else value
        return good

    def string_list(self, path: Path, values: yamlfile.Sequence, key: str) -> list[str]:
        """The words of a list setting; each entry must be a word or name."""
        result = yamlfile.Sequence()
        result.line, result.item_lines = values.line, []
        for index, value in enumerate(values):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str) or not value.strip():
                self.problems.add(path, values.line_of(index),
                                  f"each entry of '{key}' must be a word or name.")
            else:
                result.append(value.strip())
                result.item_lines.append(values.line_of(index))
        return result

"""Read every content file into the model, noting each problem with its file and line.

Nothing here stops at the first problem: the editor gets the whole list at once.
Checks that need the whole guide (see-also targets, quote ids, fonts) live in checks.py.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import NamedTuple

from . import markup, yamlfile
from .errors import ProblemList, line_number, suggestion
from .model import GlossaryEntry, Guide, Hack, Part, Quote, Settings


class MarkdownFile(NamedTuple):
    data: yamlfile.Mapping  # the settings between the --- lines, with their lines
    good: dict  # the settings that passed their checks
    body: str  # the Markdown after the settings
    body_line: int  # the file line where the body starts
    html: str


PART_KINDS = ("text", "hacks", "quotes", "glossary")
HACK_FILE = re.compile(r"^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
SHORT_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # quote ids, tags, program types
PREFIX = re.compile(r"^[A-Z]{1,3}$")

SETTINGS_KEYS = {
    "title": str, "subtitle": str, "publisher": str, "edition": str,
    "date": datetime.date, "language": str, "licence": str,
    "keywords": list, "citation": str, "parts": list,
    "program_types": dict, "tags": dict,
}
SETTINGS_OPTIONAL = {"keywords", "citation"}
PART_KEYS = {"title": str, "kind": str, "prefix": str, "opening_quote": str}
PART_OPTIONAL = {"prefix", "opening_quote"}
HACK_KEYS = {
    "title": str, "summary": str, "tags": list, "programs": list,
    "featured": bool, "see_also": list, "pull_quote": str,
}
HACK_OPTIONAL = {"featured", "see_also", "pull_quote"}
TYPE_NAMES = {
    str: "some text. If it is, put it in double quotes: \"...\"",
    list: "a list in square brackets, such as [teamwork, staffing]",
    dict: "a list of 'short-name: Printed name' lines, each indented by two spaces",
    bool: "true or false",
    datetime.date: "a date written as 2026-11-25",
}


class Reader:
    def __init__(self, root: Path):
        self.content = root / "content"
        self.problems = ProblemList()
        self.sources: dict[Path, str] = {}  # every file read, for the font check
        self.images: dict[str, Path] = {}
        self.hack_links: list[tuple[Path, str, int]] = []

    # ---- files -------------------------------------------------------------------

    def read_text(self, path: Path) -> str | None:
        try:
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

    def read_markdown(self, path: Path, schema: dict, optional: set, what: str, *,
                      heading_base: int, id_prefix: str) -> MarkdownFile | None:
        """A part.md or a hack: settings between --- lines, then Markdown."""
        text = self.read_text(path)
        if text is None:
            return None
        split = self.split_front_matter(path, text)
        if split is None:
            return None
        data, body, body_line = split
        good = self.fields(path, data, schema, optional, what)
        for key in ("title", "summary"):
            if key in good:
                markup.check_line(good[key], path=path, line=data.line_of(key),
                                  problems=self.problems)
        converted = markup.convert(body, path=path, first_line=body_line,
                                   content=self.content, problems=self.problems,
                                   heading_base=heading_base, id_prefix=id_prefix)
        self.images.update(converted.images)
        self.hack_links.extend((path, slug, line) for slug, line in converted.hack_links)
        return MarkdownFile(data, good, body, body_line, converted.html)

    def read_yaml_list(self, path: Path, schema: dict, optional: set, what: str):
        """quotes.yaml or glossary.yaml: yield (entry, its good values) for each entry."""
        text = self.read_text(path)
        first_key = next(iter(schema))
        data = self.read_yaml(path, text, yamlfile.Sequence,
                              f"a list whose entries each start with '- {first_key}:'"
                              ) if text is not None else None
        if data is None:
            return
        for index, entry in enumerate(data):
            if not isinstance(entry, yamlfile.Mapping):
                needed = " and ".join(f"'{key}:'" for key in schema if key not in optional)
                self.problems.add(path, data.line_of(index), f"each entry needs {needed} lines.")
                continue
            yield entry, self.fields(path, entry, schema, optional, what)

    def fields(self, path: Path, data, schema: dict, optional: set, what: str) -> dict:
        """Check names and types of settings; return only the good values."""
        good = {}
        for key in data:
            if key not in schema:
                self.problems.add(path, data.line_of(key),
                                  f"'{key}' is not a setting of {what}.{suggestion(key, schema)}"
                                  f" The settings are: {', '.join(schema)}.")
        for key, kind in schema.items():
            if key not in data or data[key] is None:
                if key not in optional:
                    self.problems.add(path, data.line,
                                      f"{what} needs '{key}:'. Add a line '{key}: ...' "
                                      "(see EDITING.md).")
                continue
            value = data[key]
            if kind is datetime.date and isinstance(value, str):
                try:
                    value = datetime.date.fromisoformat(value)
                except ValueError:
                    pass
            if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, kind) or (kind is str and not value.strip()):
                self.problems.add(path, data.line_of(key),
                                  f"'{key}' must be {TYPE_NAMES[kind]}"
                                  f"{', not empty' if kind is str else ''}.")
                continue
            good[key] = value.strip() if isinstance(value, str) else value
        return good

    def string_list(self, path: Path, values: list | None, key: str) -> list[str]:
        """The words of a list setting that passed `fields` (so it is a list, or None)."""
        result = []
        for index, value in enumerate(values or []):
            if not isinstance(value, str) or not value.strip():
                self.problems.add(path, values.line_of(index),
                                  f"each entry of '{key}' must be a word or name.")
            else:
                result.append(value.strip())
        return result

    # ---- the guide -----------------------------------------------------------------

    def read(self) -> Guide:
        settings_path = self.content / "guide.yaml"
        settings = self.read_settings(settings_path)
        quotes = self.read_quotes(self.content / "quotes.yaml")
        parts: list[Part] = []
        glossary: list[GlossaryEntry] = []
        if settings is not None:
            for part_id in settings.parts:
                part = self.read_part(part_id, settings_path)
                if part is not None:
                    parts.append(part)
            if any(part.kind == "glossary" for part in parts):
                glossary = self.read_glossary(self.content / "glossary.yaml")
        self.problems.raise_if_any()
        return Guide(settings=settings, parts=parts, quotes=quotes, glossary=glossary,
                     sources=self.sources, images=self.images, hack_links=self.hack_links)

    def read_settings(self, path: Path) -> Settings | None:
        text = self.read_text(path)
        data = self.read_yaml(path, text, yamlfile.Mapping, "the guide's 'name: value' "
                              "settings") if text is not None else None
        if data is None:
            return None
        good = self.fields(path, data, SETTINGS_KEYS, SETTINGS_OPTIONAL, "guide.yaml")
        if not SETTINGS_KEYS.keys() - SETTINGS_OPTIONAL <= good.keys():
            return None
        parts = self.string_list(path, good["parts"], "parts")
        seen = set()
        for index, part_id in enumerate(parts):
            if part_id in seen:
                self.problems.add(path, data["parts"].line_of(index),
                                  f"the part '{part_id}' is listed twice. Remove one line.")
            seen.add(part_id)
        return Settings(
            title=good["title"], subtitle=good["subtitle"], publisher=good["publisher"],
            edition=good["edition"], date=good["date"], language=good["language"],
            licence=good["licence"], keywords=self.string_list(path, good.get("keywords"),
                                                               "keywords"),
            citation=good.get("citation"), parts=list(dict.fromkeys(parts)),
            program_types=self.labels(path, good["program_types"], "program_types"),
            tags=self.labels(path, good["tags"], "tags"),
        )

    def labels(self, path: Path, block: yamlfile.Mapping, key: str) -> dict[str, str]:
        """A `short-name: Printed name` list from guide.yaml."""
        result = {}
        for name, label in block.items():
            if not isinstance(label, str) or not SHORT_NAME.match(str(name)):
                self.problems.add(path, block.line_of(name),
                                  f"each line under '{key}:' must be 'short-name: Printed "
                                  "name', with a short name in lowercase letters, digits and "
                                  "dashes.")
                continue
            result[str(name)] = label.strip()
        if "all" in result:
            self.problems.add(path, block.line_of("all"),
                              f"'all' is kept for hacks that apply to every program type; "
                              f"use another short name under '{key}:'.")
        return result

    def read_quotes(self, path: Path) -> dict[str, Quote]:
        quotes: dict[str, Quote] = {}
        texts: dict[str, str] = {}
        for entry, good in self.read_yaml_list(path, {"id": str, "text": str, "by": str},
                                               {"by"}, "a quote"):
            if "id" not in good or "text" not in good:
                continue
            quote_id, quote_text = good["id"], " ".join(good["text"].split())
            if not SHORT_NAME.match(quote_id):
                self.problems.add(path, entry.line_of("id"),
                                  f"the quote id '{quote_id}' may hold only lowercase letters, "
                                  "digits and dashes, such as 'boundaries-help-me'.")
            elif quote_id in quotes:
                self.problems.add(path, entry.line_of("id"),
                                  f"two quotes have the id '{quote_id}'. Give one a new id.")
            elif quote_text in texts:
                self.problems.add(path, entry.line_of("text"),
                                  f"this quote is already in the collection as "
                                  f"'{texts[quote_text]}'. Keep each quote once.")
            else:
                quotes[quote_id] = Quote(quote_id, quote_text, good.get("by"))
                texts[quote_text] = quote_id
        return quotes

    def read_glossary(self, path: Path) -> list[GlossaryEntry]:
        entries = {}
        for entry, good in self.read_yaml_list(path, {"term": str, "definition": str}, set(),
                                               "a glossary entry"):
            if len(good) < 2:
                continue
            key = good["term"].lower()
            if key in entries:
                self.problems.add(path, entry.line_of("term"),
                                  f"'{good['term']}' is defined twice. Keep one definition.")
                continue
            markup.check_line(good["definition"], path=path, line=entry.line_of("definition"),
                              problems=self.problems)
            anchor = "term-" + re.sub(r"[^a-z0-9]+", "-", key).strip("-")
            entries[key] = GlossaryEntry(good["term"], markup.inline(good["definition"]), anchor)
        # Printed in alphabetical order, whatever order the file has.
        return [entries[key] for key in sorted(entries)]

    def read_part(self, part_id: str, settings_path: Path) -> Part | None:
        folder = self.content / part_id
        path = folder / "part.md"
        if not path.is_file():
            self.problems.add(settings_path,
                              line_number(self.sources.get(settings_path, ""), f"- {part_id}"),
                              f"the part '{part_id}' needs a folder content/{part_id}/ with a "
                              "file part.md in it. Create them, or remove this line.")
            return None
        page = self.read_markdown(path, PART_KEYS, PART_OPTIONAL, "a part", heading_base=1,
                                  id_prefix=f"{part_id}-")
        if page is None:
            return None
        data, good = page.data, page.good
        kind = good.get("kind")
        if kind is not None and kind not in PART_KINDS:
            self.problems.add(path, data.line_of("kind"),
                              f"'kind' must be one of: {', '.join(PART_KINDS)}."
                              f"{suggestion(kind, PART_KINDS)}")
            kind = None
        prefix = good.get("prefix")
        if kind == "hacks" and prefix is None:
            self.problems.add(path, data.line, "a part with 'kind: hacks' needs 'prefix:', "
                              "the letter hack numbers start with (P gives P-1, P-2, ...).")
        if prefix is not None and not PREFIX.match(prefix):
            self.problems.add(path, data.line_of("prefix"),
                              "'prefix' must be one to three capital letters, such as P.")
        if "title" not in good or kind is None:
            return None
        part = Part(id=part_id, title=good["title"], kind=kind, prefix=prefix,
                    opening_quote=good.get("opening_quote"), intro_html=page.html, path=path,
                    setting_lines=data.key_lines)
        part.hacks = self.read_hacks(part)
        return part

    def read_hacks(self, part: Part) -> list[Hack]:
        folder = part.path.parent
        files = []
        for path in sorted(folder.iterdir()):
            # part.md is the part itself; _draft.md and .hidden files are left out on purpose;
            # pictures and their folders may sit beside the hacks.
            if path.name == "part.md" or path.name[0] in "_.":
                continue
            if path.suffix != ".md":
                if re.search(r"\.(md|markdown|txt|text)$", path.name, re.IGNORECASE) or (
                        path.is_dir() and ".md" in path.name.lower()):
                    self.problems.add(path, None,
                                      "this looks like a hack, but only files whose names end "
                                      "in .md (lowercase) are read. Rename it, or start its "
                                      "name with _ to leave it out on purpose.")
                continue
            match = HACK_FILE.match(path.name)
            if not match:
                self.problems.add(path, None,
                                  "a hack's file name must be a number, a dash, then lowercase "
                                  "words joined by dashes, such as 07-daily-huddles.md. Rename "
                                  "the file (or start its name with _ to leave it out).")
                continue
            files.append((int(match.group(1)), match.group(2), path))
        if files and part.kind != "hacks":
            self.problems.add(files[0][2], None,
                              f"this part has 'kind: {part.kind}', so it cannot hold hacks. "
                              "Move the file into a part with 'kind: hacks'.")
            return []
        files.sort()
        for (number, _, path), (next_number, _, next_path) in zip(files, files[1:]):
            if number == next_number:
                self.problems.add(next_path, None,
                                  f"{path.name} and {next_path.name} have the same number, so "
                                  "their order is unclear. Renumber one of them.")
        hacks = []
        for position, (_, slug, path) in enumerate(files, start=1):
            hack = self.read_hack(path, slug, f"{part.prefix}-{position}", part)
            if hack is not None:
                hacks.append(hack)
        return hacks

    def read_hack(self, path: Path, slug: str, number: str, part: Part) -> Hack | None:
        page = self.read_markdown(path, HACK_KEYS, HACK_OPTIONAL, "a hack", heading_base=2,
                                  id_prefix=f"{slug}-")
        if page is None:
            return None
        data, good, body, body_line = page.data, page.good, page.body, page.body_line
        if not body.strip():
            self.problems.add(path, body_line, "this hack has no text after the settings. "
                              "Write its sections (see the template in EDITING.md).")
        if not HACK_KEYS.keys() - HACK_OPTIONAL <= good.keys():
            return None
        return Hack(
            slug=slug, number=number, title=good["title"], summary=good["summary"],
            tags=self.string_list(path, good["tags"], "tags"),
            programs=self.string_list(path, good["programs"], "programs"),
            featured=good.get("featured", False),
            see_also=self.string_list(path, good.get("see_also"), "see_also"),
            pull_quote=good.get("pull_quote"), body_html=page.html, path=path,
            part_id=part.id, body_markdown=body, body_line=body_line,
            setting_lines=data.key_lines,
        )


def read_guide(root: Path) -> Guide:
    return Reader(root).read()

"""A file's settings checked against the model: their names, their types and the ones
that are needed. model.py's `setting()` fields are the schema; nothing else lists them."""

from __future__ import annotations

import datetime
from contextlib import suppress
from pathlib import Path

from . import yamlfile
from ..errors import ProblemList, suggestion
from .model import WRITTEN_AS, Setting, settings_of

TYPE_NAMES = {
    str: "some text. If it is, put it in double quotes: \"...\"",
    bool: "true or false",
    int: "a whole number, such as 2",
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


def written(name: str) -> str:
    """How a model field is spelled in the file (`hacks_order` is written `hacks:`)."""
    return WRITTEN_AS.get(name, name)


def check(path: Path, data, model: type, what: str, problems: ProblemList) -> dict:
    """Check the names and types of the settings against the model; return the good
    values, by model field name."""
    schema = {written(name): item for name, item in settings_of(model).items()}
    good = {}
    for key in data:
        if key not in schema:
            problems.add(path, data.line_of(key),
                         f"'{key}' is not a setting of {what}.{suggestion(key, schema)}"
                         f" The settings are: {', '.join(schema)}.")
    for key, item in schema.items():
        if key not in data or data[key] is None:
            if item.needed:
                problems.add(path, data.line, f"{what} needs '{key}:'. Add a line "
                             f"'{key}: ...' (see EDITING.md).")
            continue
        value = data[key]
        kind = item.kind
        if kind is datetime.date and isinstance(value, str):
            with suppress(ValueError):  # not a date: said below
                value = datetime.date.fromisoformat(value)
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, kind) or (kind is str and not value.strip()) or (
                kind is int and isinstance(value, bool)):
            problems.add(path, data.line_of(key), f"'{key}' must be {type_name(item)}"
                         f"{', not empty' if kind is str else ''}.")
            continue
        if kind is list:
            value = string_list(path, value, key, problems)
        good[item.name] = value.strip() if isinstance(value, str) else value
    return good


def complete(model: type, good: dict) -> bool:
    """Does `good` hold every setting the model needs? When one is missing, `check` has
    already said so at its line: the caller leaves the thing out and goes on reading.
    (Asked explicitly, so that a fault in the builder is never taken for a missing
    setting.)"""
    return all(name in good for name, item in settings_of(model).items() if item.needed)


def string_list(path: Path, values: yamlfile.Sequence, key: str,
                problems: ProblemList) -> list[str]:
    """The words of a list setting; each entry must be a word or name."""
    result = yamlfile.Sequence()
    result.line, result.item_lines = values.line, []
    for index, value in enumerate(values):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            problems.add(path, values.line_of(index),
                         f"each entry of '{key}' must be a word or name.")
        else:
            result.append(value.strip())
            result.item_lines.append(values.line_of(index))
    return result

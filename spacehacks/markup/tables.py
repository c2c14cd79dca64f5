"""Markdown tables, for what is best read side by side ("Opioid overdose" and
"Overamping"; "Instead of" and "Say"). Python-Markdown's own table extension makes
the table; here each table notes its line, each heading cell says it heads its column
(`<th scope="col">`, which WeasyPrint tags TH with the TD cells pointing to it), and a
column without a heading is reported: a screen reader reads the heading before each
cell. guide.css keeps a table inside the text column.
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension, TableProcessor
from markdown.treeprocessors import Treeprocessor

from .rules import Source


class _Tables(TableProcessor):
    def __init__(self, parser, config, source: Source):
        super().__init__(parser, config)
        self.source = source

    def run(self, parent, blocks):
        first_row = blocks[0].split("\n", 1)[0].strip()
        super().run(parent, blocks)
        self.source.table_lines[parent[-1]] = self.source.line_of_next(first_row, "blocks")


class _HeadingCells(Treeprocessor):
    def __init__(self, md, source: Source):
        super().__init__(md)
        self.source = source

    def run(self, root):
        for table in root.iter("table"):
            line = self.source.table_lines.get(table, self.source.first_line)
            for column, cell in enumerate(table.iter("th"), start=1):
                cell.set("scope", "col")
                if not "".join(cell.itertext()).strip():
                    self.source.add(line, f"column {column} of this table has no heading. Write "
                                    "one in the table's first row: a screen reader reads "
                                    "each column's heading before its cells.")


class Tables(Extension):
    """Python-Markdown's tables, with a line for each table and headings that say so."""

    def __init__(self, source: Source):
        super().__init__()
        self.source = source

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        if "|" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("|")  # \| is a | inside a cell
        config = TableExtension().getConfigs()
        md.parser.blockprocessors.register(_Tables(md.parser, config, self.source), "table", 75)
        md.treeprocessors.register(_HeadingCells(md, self.source), "space_hacks_tables", 12)

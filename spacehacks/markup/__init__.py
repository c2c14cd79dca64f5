"""Markdown: the Python-Markdown extensions every content text is converted with
(the rules strangers' text must follow, tables, shared passages)."""

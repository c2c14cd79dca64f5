"""What a reader of a PDF meets, read back with pypdf (a reader other than the one that
wrote it): each page's text, where each name leads and the place on the page it opens,
each link (page, target, place, what a screen reader says), each bookmark with its place.
Watch's quick PDF is held to a full build's by it (tests/test_watch.py, tests/bench.py)."""

from __future__ import annotations

from pypdf import PdfReader


def read(path) -> dict:
    reader = PdfReader(path)
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    names = {name: (reader.get_destination_page_number(dest), _place(dest))
             for name, dest in reader.named_destinations.items()}
    links = []
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            links.append((index, str(annotation.get("/Dest")),
                          str(annotation.get("/A", {}).get("/URI")),
                          [round(float(x), 1) for x in annotation["/Rect"]],
                          str(annotation.get("/Contents"))))
    bookmarks = []

    def walk(items, depth=0):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                bookmarks.append((depth, item.title, reader.get_destination_page_number(item),
                                  _place(item)))

    walk(reader.outline)
    return {"texts": texts, "names": names, "links": links, "bookmarks": bookmarks}


def _place(destination):
    """Where on its page a bookmark or a name opens (a heading moved by an edit above it
    opens lower down)."""
    return (str(destination.typ), *(None if value is None else round(float(value), 1)
                                    for value in (destination.left, destination.top)))

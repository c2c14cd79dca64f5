"""The web edition, output/site/: the same checked guide as the PDFs, as static pages.

    pages.py      which pages there are and where (addresses from editions/addresses.py)
    render.py     each page rendered with the templates in layout/site/
    text.py       a checked text fitted to its page: links, pictures, heading levels
    downloads.py  the PDFs it offers, with their sizes
    search.py     the search index, made by Pagefind
    edition.py    all of it, in memory, for the build to write
"""

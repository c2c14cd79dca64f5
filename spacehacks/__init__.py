"""Space Hacks: the guide's content/ into PDF editions.

One pipeline (build/pipeline.py), in one direction, in layers that import only the
layers below them (tests/test_layers.py checks this):

    commands   the command line: build, check, watch, new, move, changes, random
    build      read and check, make every edition side by side, write every file
    pdf        one edition: render (Jinja2), lay out (WeasyPrint), tag, place on paper
    site       the web edition: a page per hack, part and section, search, downloads
    templates  the Jinja2 environment every edition renders with
    editions   what is made: each edition described, a request turned into editions;
               the web edition's addresses, which print editions name too
    reading    content/ into a checked Guide      markup  Python-Markdown extensions
    errors, paths, ids   problems as file:line messages; where a path really leads;
                         the ids of the HTML, where content can never take a builder id
"""

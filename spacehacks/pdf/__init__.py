"""One edition into PDF files: render the HTML (Jinja2), lay it out (WeasyPrint),
repair its tags, check it is whole, and place it on paper (pikepdf)."""

"""The one URL fetcher for every WeasyPrint HTML() and CSS() call.

Community edits are untrusted, and WeasyPrint would otherwise read any local file and
the network. This fetcher serves only regular files inside content/, layout/ and fonts/
and stops the build on anything else.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .. import paths
from ..errors import Problem
from .qr import SCHEME as DRAWN, Drawn


def project_folders(root: Path) -> list[Path]:
    """The only folders whose files the guide may read (a folder that is a link to
    somewhere outside the project is not one of them)."""
    return [folder for folder in (root / "content", root / "layout", root / "fonts")
            if paths.is_inside(folder, root)]


class RefusedURL(FatalURLFetchingError):
    """Stops the typesetting: something asked for a file the guide may not read.

    A FatalURLFetchingError, because WeasyPrint logs and skips other fetch errors,
    and a silently missing image looks like success.
    """

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


class ProjectFetcher(URLFetcher):
    def __init__(self, allowed_roots: list[Path], used_by: dict[str, Path], fallback: Path,
                 drawn: Drawn | None = None):
        """allowed_roots: folders whose files may be read.
        used_by: URL -> the content file that asks for it, to name it in errors.
        fallback: the file to name when no content file is known (the guide's HTML).
        drawn: pictures the templates made in memory (the QR codes), by URL.
        """
        super().__init__()
        self.drawn = drawn or Drawn()
        self.allowed_roots = [paths.real(root) for root in allowed_roots]
        self.used_by = used_by
        self.fallback = fallback

    def fetch(self, url, headers=None):
        if url.startswith(DRAWN):
            if url not in self.drawn.pictures:
                self._refuse(url, "no such picture was drawn")
            return URLFetcherResponse(url, self.drawn.pictures[url],
                                      headers={"Content-Type": "image/svg+xml"})
        parsed = urlparse(url)
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            self._refuse(url, "it is not a file in the project (the guide never loads "
                         "anything from the network)")
        path = paths.real(Path(url2pathname(unquote(parsed.path))))
        if not any(path.is_relative_to(root) for root in self.allowed_roots):
            self._refuse(url, "it is outside the project's content/, layout/ and fonts/ "
                         "folders")
        if not path.is_file():
            self._refuse(url, "there is no such file")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                  headers={"Content-Type": mime_type})

    def _refuse(self, url: str, reason: str):
        source = self.used_by.get(url, self.fallback)
        raise RefusedURL(Problem(source, None, f"'{url}' was refused: {reason}. Point at a "
                                 "file inside content/ instead."))

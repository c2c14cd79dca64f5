"""The one URL fetcher: only regular files inside content/, layout/ and fonts/."""

from __future__ import annotations

import os

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import build, run_cli
from spacehacks.pdf.fetcher import ProjectFetcher, RefusedURL

WALK = "content/prevention/walk-the-space.md"


@pytest.fixture
def fetcher(project):
    roots = [project / name for name in ("content", "layout", "fonts")]
    used_by = {"https://example.org/x.png": project / WALK}
    return ProjectFetcher(roots, used_by, fallback=project / "layout" / "guide.html")


def test_serves_files_inside_the_project_with_their_type(fetcher, project):
    response = fetcher.fetch((project / "layout" / "guide.css").as_uri())
    assert response.content_type == "text/css"
    assert b"@font-face" in response.read()


@pytest.mark.parametrize("url", [
    "https://example.org/x.png",
    "http://127.0.0.1/x.png",
    "ftp://example.org/x.png",
    "data:text/plain,hello",
    "file:///etc/hosts",
    "file://otherhost/etc/hosts",
])
def test_refuses_the_network_and_files_elsewhere(fetcher, url):
    with pytest.raises(RefusedURL) as refused:
        fetcher.fetch(url)
    assert "refused" in refused.value.problem.message
    assert str(refused.value) == refused.value.problem.message  # what a log would show


@pytest.mark.parametrize("form", ["http://localhost{path}", "file://otherhost{path}"])
def test_refuses_a_project_file_asked_for_through_a_host(fetcher, project, form):
    """The path is inside the project, but the URL names a host (or is not a file URL)."""
    url = form.format(path=(project / "layout" / "guide.css").as_posix())
    with pytest.raises(RefusedURL, match="it is not a file in the project"):
        fetcher.fetch(url)
    assert fetcher.fetch(f"file://localhost{(project / 'layout' / 'guide.css').as_posix()}")


def test_serves_the_pictures_drawn_for_the_edition_and_no_other(project):
    from spacehacks.pdf.qr import Drawn

    drawn = Drawn()
    url = drawn.qr("https://example.org/")
    fetcher = ProjectFetcher([project / "content"], {}, fallback=project / WALK, drawn=drawn)
    response = fetcher.fetch(url)
    assert response.content_type == "image/svg+xml" and response.read().startswith(b"<svg")
    with pytest.raises(RefusedURL, match="no such picture was drawn"):
        fetcher.fetch(url.replace("qr-", "qr-0"))
    nothing_drawn = ProjectFetcher([project / "content"], {}, fallback=project / WALK)
    with pytest.raises(RefusedURL, match="no such picture was drawn") as refused:
        nothing_drawn.fetch(url)
    assert refused.value.problem.path == project / WALK  # no content file asked: the fallback


def test_a_file_that_cannot_be_read_is_a_warning_for_weasyprint(fetcher, project,
                                                                 monkeypatch):
    """Not a crash inside WeasyPrint: it turns the error into a lost file, which the
    build then stops on (pdf/edition.py)."""
    from pathlib import Path

    from weasyprint.urls import URLFetchingError, fetch

    def unreadable(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    url = (project / "layout" / "guide.css").as_uri()
    with pytest.raises(URLFetchingError, match="Permission denied"), fetch(fetcher, url):
        pass


def test_names_the_content_file_that_asked(fetcher, project):
    with pytest.raises(RefusedURL) as refused:
        fetcher.fetch("https://example.org/x.png")
    assert refused.value.problem.path == project / WALK


def test_refuses_a_link_that_leads_outside(fetcher, project, tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"secret")
    link = project / "content" / "innocent.png"
    os.symlink(outside, link)
    with pytest.raises(RefusedURL):
        fetcher.fetch(link.as_uri())


def test_refuses_folders_and_missing_files(fetcher, project):
    for path in (project / "content", project / "content" / "nothing.png"):
        with pytest.raises(RefusedURL):
            fetcher.fetch(path.as_uri())


def test_a_layout_that_reaches_outside_stops_the_build(project, capsys):
    css = project / "layout" / "guide.css"
    css.write_text(css.read_text() + "\nbody { background: url(file:///etc/hosts); }\n")
    code, _, err = run_cli(project, capsys)
    assert code == 1
    assert "layout/guide.html: 'file:///etc/hosts' was refused" in err


def test_an_image_inside_content_is_embedded(project, tmp_path):
    images = project / "content" / "prevention" / "images"
    images.mkdir()
    Image.new("RGB", (40, 20), (200, 80, 40)).save(images / "floor plan.png")
    path = project / WALK
    path.write_text(path.read_text().replace(
        "A short paragraph.", "![A floor plan with two exits](images/floor%20plan.png)"))
    reader = PdfReader(build(project, tmp_path / "with-image.pdf"))
    images_found = {image.name for page in reader.pages for image in page.images}
    assert len(images_found) == 1

"""output/manifest.json is only ever a shortcut: what it remembers never decides what is
printed, a change to anything that decides the bytes makes the next build build, and two
builds at once both keep their entries."""

from __future__ import annotations

import json

from pypdf import PdfReader

from conftest import anchor_pages, page_texts


def _build(root, **request):
    """A build as the command line makes it (files under output/, their usual names)."""
    from spacehacks.build.pipeline import Options, build
    from spacehacks.editions.plan import Request

    return build(Options(root=root, request=Request(**request), force=True))


def test_guide_pages_printed_in_a_handout_come_from_this_run_not_the_manifest(project):
    """A manifest that says the guide's pages are elsewhere (the guide built by another
    Pango, say, with the same fingerprint) must not reach the paper."""
    _build(project)
    guide = project / "output" / "space-hacks.pdf"
    real = anchor_pages(PdfReader(guide))["hack-one-voice"]
    path = project / "output" / "manifest.json"
    manifest = json.loads(path.read_text())
    for entry in manifest["editions"].values():
        for anchor in entry["page numbers"]:
            entry["page numbers"][anchor] = 99
    path.write_text(json.dumps(manifest))

    _build(project, kinds=("handouts", "cards"))
    handout = " ".join(page_texts(PdfReader(project / "output/handouts/prevention.pdf")))
    cards = " ".join(page_texts(PdfReader(project / "output/space-hacks-cards.pdf")))
    assert "guide page 99" not in handout + cards
    assert f"See R-1, guide page {real}: One voice leads" in handout
    assert f"Full hack: R-1, guide page {real}" in cards


def test_the_fingerprint_covers_the_builders_own_code_wherever_it_is(tmp_path, monkeypatch):
    """The builder is hashed where it runs from, not as a folder of the project: an
    installed builder (site-packages) with the content elsewhere notices its upgrade."""
    import shutil

    from spacehacks.build import inputs

    project = tmp_path / "project"
    for folder in inputs.PROJECT_FOLDERS:
        (project / folder).mkdir(parents=True)
    builder = tmp_path / "site-packages" / "spacehacks"
    shutil.copytree(inputs.BUILDER, builder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(inputs, "BUILDER", builder)
    before = inputs.fingerprint(project)
    assert inputs.fingerprint(project) == before
    render = builder / "pdf" / "render.py"
    render.write_text(render.read_text() + "\n# the next version\n")
    assert inputs.fingerprint(project) != before


def test_the_fingerprint_covers_python_the_packages_and_the_text_libraries(tmp_path,
                                                                          monkeypatch):
    from importlib import metadata

    from weasyprint.text.ffi import harfbuzz, pango

    from spacehacks.build import inputs

    lines = inputs.environment()
    for name in ("weasyprint", "pydyf", "fonttools", "pikepdf", "pillow", "markdown",
                 "tinycss2", "cssselect2", "tinyhtml5", "cffi", "jinja2", "markupsafe"):
        assert f"package {name}={metadata.version(name)}" in lines, name
    # The versions read here are those of the libraries WeasyPrint itself loaded.
    major, minor, micro = (int(n) for n in inputs.library_version("pango").split("."))
    assert pango.pango_version() == major * 10000 + minor * 100 + micro
    major, minor, micro = (int(n) for n in inputs.library_version("harfbuzz").split("."))
    assert harfbuzz.hb_version_atleast(major, minor, micro)
    assert not harfbuzz.hb_version_atleast(major, minor, micro + 1)
    assert inputs.library_version("fontconfig").isdigit()

    before = inputs.fingerprint(tmp_path)
    monkeypatch.setattr("sys.version", "3.99.0 (another Python)")
    assert inputs.fingerprint(tmp_path) != before
    monkeypatch.undo()
    monkeypatch.setattr(inputs, "library_version", lambda name: "another version")
    assert inputs.fingerprint(tmp_path) != before


def test_two_builds_at_once_both_keep_their_manifest_entries(project, monkeypatch):
    """One build reads the manifest, another builds and writes it meanwhile, then the
    first writes: both builds are remembered (the second answers 'nothing changed')."""
    from spacehacks.build import pipeline, workers
    from spacehacks.build.inputs import fingerprint
    from spacehacks.build.manifest import Manifest
    from spacehacks.editions.plan import Request

    make_all = workers.Workshop.make_all
    state = {"first": True}

    def with_another_build_meanwhile(self, editions, jobs):
        if state.pop("first", False):
            _build(project, papers=("a4",))
        return make_all(self, editions, jobs)

    monkeypatch.setattr(workers.Workshop, "make_all", with_another_build_meanwhile)
    _build(project)
    builds = Manifest(project / "output").data["builds"]
    assert set(builds) == {"guide letter", "guide a4"}
    inputs = fingerprint(project)
    for papers in (("letter",), ("a4",)):
        options = pipeline.Options(root=project, request=Request(papers=papers))
        assert pipeline.build(options).nothing_changed, papers
    assert Manifest(project / "output").up_to_date(Request().key, inputs) is not None

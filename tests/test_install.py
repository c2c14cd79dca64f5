"""A normal install (not `pip install -e`): the `space-hacks` command finds the guide in
--project or in the current folder, and says what is missing anywhere else.

The project is installed into a virtual environment of its own, as an editor or CI
would, with the versions in constraints.txt (pip reuses its wheel cache).
"""

from __future__ import annotations

import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE, write_project

pytestmark = pytest.mark.slow  # a virtual environment and a pip install of its own


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The space-hacks command of a fresh, non-editable install."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"  # a copy: pip builds in the folder it is given
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "build_pdf.py", "constraints.txt"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "spacehacks", source / "spacehacks",
                    ignore=shutil.ignore_patterns("__pycache__"))
    venv.create(base / "venv", with_pip=True)
    python = base / "venv" / "bin" / "python"
    run = subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                          "-c", str(source / "constraints.txt"), str(source)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    site = subprocess.run([str(python), "-c", "import spacehacks; print(spacehacks.__file__)"],
                          capture_output=True, text=True, cwd=base, check=True).stdout
    assert "site-packages" in site, "the package must be installed, not linked to the checkout"
    return base / "venv" / "bin" / "space-hacks"


def space_hacks(command, *args, cwd):
    return subprocess.run([str(command), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_the_installed_command_builds_the_project_it_is_given(installed, tmp_path):
    project = write_project(tmp_path / "guide", SAMPLE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = space_hacks(installed, "--project", str(project), cwd=elsewhere)
    assert run.returncode == 0, run.stderr
    assert "Wrote output/space-hacks.pdf" in run.stdout
    assert (project / "output" / "space-hacks.pdf").stat().st_size > 10_000
    run = space_hacks(installed, "--check", cwd=project)  # the current folder
    assert run.returncode == 0, run.stderr
    assert "The content has no errors" in run.stdout


def test_the_installed_command_says_what_is_missing_elsewhere(installed, tmp_path):
    run = space_hacks(installed, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == (f"build_pdf.py: error: there is no content/guide.yaml in "
                          f"{tmp_path.resolve()} (the current folder). Run the command in the "
                          "guide's folder, or name that folder with --project.\n")
    run = space_hacks(installed, "--project", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert run.returncode == 2
    assert f"there is no content/guide.yaml in {tmp_path.resolve() / 'nowhere'}." in run.stderr
    assert "Traceback" not in run.stderr



def test_an_installed_builder_notices_its_own_upgrade(installed, tmp_path):
    """The builder lives in site-packages and the content elsewhere: after an upgrade of
    the builder, the next build builds again instead of answering 'Nothing changed'."""
    project = write_project(tmp_path / "guide", SAMPLE)
    assert space_hacks(installed, "--project", str(project), cwd=tmp_path).returncode == 0
    again = space_hacks(installed, "--project", str(project), cwd=tmp_path)
    assert "Nothing changed since the last build" in again.stdout
    python = installed.parent / "python"
    package = subprocess.run([str(python), "-c", "import spacehacks; print(spacehacks.__file__)"],
                             capture_output=True, text=True, cwd=tmp_path, check=True).stdout
    module = Path(package.strip()).parent / "pdf" / "render.py"
    original = module.read_text()
    try:
        module.write_text(original + "\n# an upgrade\n")
        upgraded = space_hacks(installed, "--project", str(project), cwd=tmp_path)
    finally:
        module.write_text(original)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "Wrote output/space-hacks.pdf" in upgraded.stdout, upgraded.stdout


@pytest.mark.parametrize("who", ["root", "sudo", "neither"])
def test_make_test_installs_chromium_where_it_is_missing(tmp_path, who):
    """`make browser` (which `make test` runs first) on a machine with no Chromium: as
    root, or through sudo that asks no password (CI runners), it installs Debian's with
    apt-get; otherwise it stops with the command to run. Stand-ins for id, sudo and
    apt-get record what was run; nothing else is on the PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "ran"
    stand_ins = {
        "id": f"echo {0 if who == 'root' else 1000}",
        "sudo": f'echo "sudo $*" >> {log}; [ "$1" = -n ] && exit {0 if who == "sudo" else 1}'
                '; exec "$@"',
        "apt-get": f'echo "apt-get $*" >> {log}',
        "env": 'shift; exec "$@"',
    }
    for name, body in stand_ins.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    run = subprocess.run([shutil.which("make"), "--no-print-directory", "-C", str(REPO),
                          "browser"], capture_output=True, text=True, timeout=60,
                         env={"PATH": str(bin_dir)})
    ran = log.read_text().splitlines() if log.exists() else []
    install = "apt-get install -y -qq chromium"
    if who == "neither":
        assert run.returncode == 2  # make's own code for a recipe that failed
        assert "Install it with:  sudo apt-get install -y chromium" in run.stdout
        assert not any("apt-get" in line for line in ran)
    else:
        assert run.returncode == 0, run.stdout + run.stderr
        assert "Installing Chromium for the web edition's tests" in run.stdout
        assert [line for line in ran if line.startswith("apt-get")] == [
            "apt-get update -qq", install]
        assert (who == "sudo") == ("sudo apt-get update -qq" in ran)

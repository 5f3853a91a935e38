# Two commands on a fresh machine: `make serve` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY_OK  := $(VENV)/.installed
JS_OK  := node_modules/.installed
PORT   ?= 8000
# `make publish` pushes the site to BRANCH of REMOTE (a git remote name or URL)
REMOTE ?= origin
BRANCH ?= gh-pages
# `make fuzz` runs the mutation fuzzer SECONDS long, on the cases of SEED
SECONDS ?= 600
SEED ?= 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup build serve test publish pin-slugs record-urls mark-translated bench fuzz clean

setup: $(PY_OK) $(JS_OK)

$(PY_OK): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '.[test]'
	@touch $@

$(JS_OK): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build: setup  ## the static site in site/, failing on any warning
	$(BIN)/mkdocs build --strict

# `make serve` keeps its temporary site in memory (/dev/shm) where Linux offers room for it: MkDocs empties
# and rewrites that folder on every rebuild, which on a busy disk was a fifth of the time until an edit shows
SERVE_TMP := $(shell [ -w /dev/shm ] && [ "$$(df -Pk /dev/shm | awk 'NR==2 {print $$4}')" -gt 1048576 ] 2>/dev/null && echo /dev/shm)

serve: setup  ## the site at http://127.0.0.1:$(PORT) with live reload (an edit renders only the pages it changed)
	$(if $(SERVE_TMP),TMPDIR=$(SERVE_TMP) )$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT) --livereload

test: setup  ## every test
	$(BIN)/python -m pytest

publish: setup  ## build with --strict and push the site to $(BRANCH) of $(REMOTE) (GitHub Pages by default)
	$(BIN)/mkdocs gh-deploy --strict --force --remote-name "$(REMOTE)" --remote-branch "$(BRANCH)" \
		--message "Publish {sha} with MkDocs {version}"

pin-slugs: setup  ## write generated slugs of new questions into the slug map
	$(BIN)/python hooks/maintain.py pin-slugs

record-urls: setup  ## add the URLs of new pages to the committed record of published URLs
	$(BIN)/python hooks/maintain.py record-urls

mark-translated: setup  ## record that every translated answer matches the current source
	$(BIN)/python hooks/maintain.py mark-translated

fuzz: setup  ## mutation fuzzing through the core and mkdocs build; a failing case is saved in test-output/fuzz/
	$(BIN)/python tests/fuzz.py --seconds $(SECONDS) --seed $(SEED)

clean:
	rm -rf site .cache build *.egg-info

bench: setup  ## measurements side by side: KaTeX process per build vs per formula; pruned vs full nav; search; practice; build scale
	$(BIN)/python bench/katex_process.py
	$(BIN)/python bench/page_size.py 20
	$(BIN)/python bench/search.py
	$(BIN)/python bench/search_engines.py
	$(BIN)/python bench/cards.py
	$(BIN)/python bench/repo_scale.py --serve
	$(BIN)/python bench/practice.py
	$(BIN)/python bench/build_scale.py --runs 5
	$(BIN)/python bench/serve_edit.py

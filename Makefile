# One command to set everything up and run the main job (`make demo`), one to set up and run the
# tests (`make test`). Works on a fresh Debian 12 with Python 3.11, as root or with sudo.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEB_PACKAGES := graphviz libcairo2 fontconfig fonts-dejavu-core fonts-noto-core raptor2-utils chromium libreoffice-writer-nogui fonts-liberation poppler-utils virtuoso-opensource-7
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system-deps demo test test-fast lint bench bench-validate bench-gap bench-rdf bench-render bench-site bench-startup bench-publish docs clean

system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(BIN)/ea: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

setup: system-deps $(BIN)/ea

demo: setup
	$(BIN)/ea validate --strict
	$(BIN)/ea stats
	$(BIN)/ea render --all --format svg --format png
	$(BIN)/ea gap --from baseline-2022 --to target-2030 --format html --out exports/gap-baseline-2022-target-2030.html
	$(BIN)/ea export archimate --out exports/bhxh-archimate.xml
	$(BIN)/ea export rdf --format turtle --out exports/bhxh.ttl

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# The edit loop: everything but the tests marked slow (the whole BHXH model through exports, site, browser).
test-fast: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -m "not slow"

docs: setup
	$(BIN)/python -m ea_model.docs
	$(BIN)/ea sources --lang en --update layers/README.md

# One table of every scale row (issue 16) at 1k, 10k and 100k elements, with its floor and the machine's load.
bench: setup
	$(BIN)/python benchmarks/bench_all.py

bench-validate: setup
	$(BIN)/python benchmarks/bench_validate.py

bench-gap: setup
	$(BIN)/python benchmarks/bench_gap.py

bench-rdf: setup
	$(BIN)/python benchmarks/bench_rdf.py

bench-render: setup
	$(BIN)/python benchmarks/bench_render.py

bench-publish: setup
	$(BIN)/python benchmarks/bench_publish.py

bench-site: setup
	$(BIN)/python benchmarks/bench_site.py

bench-startup: setup
	$(BIN)/python benchmarks/bench_startup.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info

# Shortcuts. The two commands in the README (bin/run, bin/test) need no make.
.PHONY: test bench seed screenshots lighthouse

test:
	bin/test

# Benchmarks (issue 10). `make bench` measures the small scenario and every bench/<topic>.py;
# `make bench SCENARIO="small doctor"` adds the 10,000-contact doctor. Results: docs/performance.md.
SCENARIO ?= small
ARGS ?=

bench:
	bash -c 'source bin/_setup.sh && install_project "[dev]"'
	.venv/bin/python -m bench $(SCENARIO) $(ARGS)

seed:
	bash -c 'source bin/_setup.sh && install_project "[dev]"'
	.venv/bin/python -m bench.seed $(SCENARIO) $(ARGS)

# Desktop and phone PNGs of the main pages, with the demo network, into docs/screenshots/.
screenshots:
	bash -c 'source bin/_setup.sh && install_project "[dev]" && install_chromium'
	.venv/bin/python -m pytest tests/e2e/screenshots.py -q -p no:cacheprovider

# Lighthouse on every main page (phone, signed in, production settings, the demo network); exits
# non-zero when a page misses a target. `make lighthouse ARGS="dashboard cpd"` for some pages.
lighthouse:
	bash -c 'source bin/_setup.sh && install_project "[dev]"'
	cd bench/lighthouse && npm ci --no-audit --no-fund
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} .venv/bin/python -m bench.lighthouse $(ARGS)

# Benchmarks (issue 10). `make bench` measures the small scenario and every bench/<topic>.py;
# `make bench SCENARIO="small doctor"` adds the 10,000-contact doctor. Results: docs/performance.md.
SCENARIO ?= small
ARGS ?=

.PHONY: bench seed

bench:
	bash -c 'source bin/_setup.sh && install_project "[dev]"'
	.venv/bin/python -m bench $(SCENARIO) $(ARGS)

seed:
	bash -c 'source bin/_setup.sh && install_project "[dev]"'
	.venv/bin/python -m bench.seed $(SCENARIO) $(ARGS)

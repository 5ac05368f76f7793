# Shortcuts. The two commands in the README (bin/run, bin/test) need no make.
.PHONY: test screenshots

test:
	bin/test

# Desktop and phone PNGs of the main pages, with the demo network, into docs/screenshots/.
screenshots:
	bash -c 'source bin/_setup.sh && install_project "[dev]" && install_chromium'
	.venv/bin/python -m pytest tests/e2e/screenshots.py -q -p no:cacheprovider

# Two entry points a newcomer needs (see README):
#   make demo   set everything up and check the seed disclosure
#   make test   set everything up and run the tests
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/narrcheck: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,cluster,ocr]'
	touch $(BIN)/narrcheck

setup: $(BIN)/narrcheck

# Headless Chromium (Debian's package) and CJK fonts for the HTML report's browser
# test. Needs root and Debian's archive; without them the browser test is skipped.
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "noto.*cjk" || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) ; } || \
	  echo "make: chromium not installed; the browser test will be skipped"

# Tesseract with simplified Chinese (Debian's packages): the second OCR engine of the comparison in
# docs/OCR.md (benchmarks/ocr.py, tests/test_ocr.py). Needs root and Debian's archive; skipped without.
tesseract:
	@command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -q chi_sim || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr \
	     tesseract-ocr-chi-sim >/dev/null) ; } || \
	  echo "make: tesseract not installed; its OCR tests will be skipped"

# narrcheck exits 1 when it flags something (the seed has real slips): that is success here
demo: setup
	$(BIN)/narrcheck check corpus/yanbian-shebao-2024.txt --stats || [ $$? -eq 1 ]

test: setup browser tesseract
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

.PHONY: setup browser tesseract demo test

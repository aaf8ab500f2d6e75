# dieuhanh: two commands on a fresh clone with Python 3.11+ — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck pytest demo clean model corpus-export

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## Set up, migrate, load the Sông Lô demo and serve on http://127.0.0.1:8000
run: install
	$(BIN)/dieuhanh migrate --noinput
	$(BIN)/dieuhanh demo --logins
	@echo "Mở http://$(HOST):$(PORT)/ — dừng bằng Ctrl+C"
	$(BIN)/dieuhanh directives worker & trap 'kill $$!' EXIT INT TERM; $(BIN)/dieuhanh runserver $(HOST):$(PORT)

## Lint, type-check and run every test (browser tests need Debian's chromium)
test: install lint typecheck pytest

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck:
	$(BIN)/mypy $(wildcard src/dieuhanh/vn src/dieuhanh/core src/dieuhanh/org src/dieuhanh/meetings src/dieuhanh/notices src/dieuhanh/portal src/dieuhanh/directives src/dieuhanh/outbox src/dieuhanh/api src/dieuhanh/textparse src/dieuhanh/tthc src/dieuhanh/accounts src/dieuhanh/annotations)

pytest:
	DIEUHANH_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest

## Retrain the directive model on the development half of tests/corpus/ (writes textparse/data/directive_model.json)
model: install
	$(BIN)/python -m dieuhanh.textparse.training tests/corpus

## Write the Office's reviewed imports as annotated examples (var/corpus-export/) for retraining
corpus-export: install
	$(BIN)/dieuhanh annotations export $(or $(OUT),var/corpus-export)

clean:
	rm -rf $(VENV) var test-output .mypy_cache .ruff_cache .pytest_cache

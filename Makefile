# TraceBridge: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 5000
SANDBOX_PORT ?= 5050
MAIL_UI_PORT ?= 8026
SMTP_PORT ?= 8025

export TB_WEB_PORT := $(PORT)
export TB_SANDBOX_PORT := $(SANDBOX_PORT)
export TB_SMTP_PORT := $(SMTP_PORT)
export TB_MAIL_UI_PORT := $(MAIL_UI_PORT)

.PHONY: install install-dev run db demo test test-postgres bench chromium lock clean

# Two locks, both with hashes: requirements.txt (runtime: production and `make run`) and
# requirements-dev.txt (runtime + test tooling). `make lock` rebuilds them from requirements/*.in.
$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

LOCK = $(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --resolver=backtracking

# Re-lock after editing requirements/*.in (uses pip's configured package index).
lock: install-dev
	$(LOCK) --output-file=requirements.txt requirements/base.in
	$(LOCK) --output-file=requirements-dev.txt requirements/dev.in

# The development environment make run uses: the sandbox stands in for BioTrack.
DEV_ENV = TRACEBRIDGE_ENV=development \
	BIOTRACK_BASE_URL=http://127.0.0.1:$(SANDBOX_PORT) \
	APP_BASE_URL=http://127.0.0.1:$(PORT) \
	MAIL_SERVER=127.0.0.1 MAIL_PORT=$(SMTP_PORT)

db: install
	$(DEV_ENV) $(VENV)/bin/flask --app wsgi db upgrade heads

demo: db
	$(DEV_ENV) $(VENV)/bin/flask --app wsgi seed-demo

# Every process of `make run` adds its metrics to one folder, emptied at each start.
METRICS_DIR := $(CURDIR)/instance/prometheus

run: demo
	@scripts/welcome
	@rm -rf $(METRICS_DIR) && mkdir -p $(METRICS_DIR)
	$(DEV_ENV) PROMETHEUS_MULTIPROC_DIR=$(METRICS_DIR) \
		$(VENV)/bin/honcho --no-colour start -f Procfile

chromium:
	@scripts/ensure-chromium

test: install-dev chromium
	$(PY) -m pytest

test-postgres: install-dev
	scripts/with-postgres $(PY) -m pytest

# Benchmarks print one JSON line per figure; PostgreSQL is started for the scale-out figure.
bench: install-dev
	scripts/with-postgres $(PY) -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache

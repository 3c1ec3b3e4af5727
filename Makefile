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

.PHONY: install run db demo test test-postgres bench chromium clean

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

install: $(VENV)/.installed

# The development environment make run uses: the sandbox stands in for BioTrack.
DEV_ENV = TRACEBRIDGE_ENV=development \
	BIOTRACK_BASE_URL=http://127.0.0.1:$(SANDBOX_PORT) \
	APP_BASE_URL=http://127.0.0.1:$(PORT) \
	MAIL_SERVER=127.0.0.1 MAIL_PORT=$(SMTP_PORT)

db: install
	$(DEV_ENV) $(VENV)/bin/flask --app wsgi db upgrade heads

demo: db
	$(DEV_ENV) $(VENV)/bin/flask --app wsgi seed-demo

run: demo
	@scripts/welcome
	$(DEV_ENV) $(VENV)/bin/honcho --no-colour start -f Procfile

chromium:
	@scripts/ensure-chromium

test: install chromium
	$(PY) -m pytest

test-postgres: install
	scripts/with-postgres $(PY) -m pytest

# Benchmarks print one JSON line per figure; PostgreSQL is started for the scale-out figure.
bench: install
	scripts/with-postgres $(PY) -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache

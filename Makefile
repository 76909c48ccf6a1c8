# Two commands for a newcomer: `make run` and `make test` (and `make lint` before a commit).
# Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app web
STAMP := $(VENV)/.installed
VENDOR := web/static/vendor/bpmn-js
VIEWER := $(VENDOR)/bpmn-navigated-viewer.production.min.js

.PHONY: install test lint bench run vendor clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip==25.3
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -n 2

# Every check runs, even after one fails, so a single run lists all the problems.
lint: $(STAMP)
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/ruff format --check . || status=1; \
	$(VENV)/bin/mypy engine forms || status=1; \
	$(VENV)/bin/lint-imports || status=1; \
	exit $$status

bench: $(STAMP)
	$(PY) bench/engine_bench.py
	$(PY) bench/inbox_http_bench.py
	$(PY) bench/reminder_bench.py
	$(PY) bench/search_bench.py

# bpmn-js, pinned by package-lock.json, served from /static/vendor (no CDN).
vendor: $(VIEWER)

$(VIEWER): package.json package-lock.json
	npm ci --no-audit --no-fund
	mkdir -p $(VENDOR)
	cp node_modules/bpmn-js/dist/bpmn-navigated-viewer.production.min.js $(VENDOR)/
	cp -R node_modules/bpmn-js/dist/assets/. $(VENDOR)/

# The database (instance/app.sqlite unless DATABASE_URL is set) is migrated and, when it
# has no users yet, filled with demo data; it is kept between runs. Beside the server run
# the scheduler (timers, reminders, outbox) and, unless SMTP_HOST names a real server, a
# local mail catcher that keeps every e-mail in instance/mail (see also /admin/outbox).
SMTP_HOST ?= 127.0.0.1
SMTP_PORT ?= 8025
SMTP_SECURITY ?= none
MAIL_FROM ?= nhac-han@localhost.localdomain
APP_BASE_URL ?= http://127.0.0.1:5000
export SMTP_HOST SMTP_PORT SMTP_SECURITY MAIL_FROM APP_BASE_URL

run: $(STAMP) vendor
	$(FLASK) init-db
	$(FLASK) seed-demo
	@pids=""; \
	if [ "$(SMTP_HOST)" = "127.0.0.1" ]; then MAILCATCHER_PORT=$(SMTP_PORT) $(PY) -m demo.mailcatcher & pids="$$!"; fi; \
	$(PY) -m engine.scheduler & pids="$$pids $$!"; \
	trap 'kill $$pids 2>/dev/null; wait $$pids' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PY) -m web.serve

clean:
	rm -rf $(VENV) instance *.egg-info node_modules web/static/vendor

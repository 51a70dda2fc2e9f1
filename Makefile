# Anlaufstelle — the two commands that matter: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: prod-check run test install lint typecheck format messages assets browser-deps ldap-deps bench bench-directory bench-placement bench-volunteers bench-events bench-council bench-phone bench-gallery bench-programmes bench-workspace bench-smoke bench-all ci clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## Install, migrate an SQLite database, load the demo centres and serve them (with the task worker).
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo ""
	@echo "Anlaufstelle runs at http://$(HOST):$(PORT)/  (KI Musterstadt: http://$(HOST):$(PORT)/musterstadt/)"
	@echo "Staff sign-in: http://$(HOST):$(PORT)/konto/anmelden/   — stop with Ctrl+C"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py run_huey --quiet & \
	  $(PY) manage.py runserver $(HOST):$(PORT)

## Run the whole suite (SQLite; set DATABASE_URL for PostgreSQL). Browser tests skip without Chromium.
test: install
	$(PY) -m pytest -n 2 --dist loadgroup -q

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m djlint anlaufstelle --lint --quiet
	$(PY) scripts/check_imports.py

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

typecheck: install
	$(PY) -m mypy anlaufstelle config

messages: install
	$(PY) manage.py makemessages -l de -l en -l ar -l uk -l tr --no-obsolete \
	  --ignore=.venv --ignore=node_modules --ignore=bench --ignore=docs --ignore=scripts --ignore=var --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

assets:
	npm ci --no-audit --no-fund
	$(PYTHON) scripts/vendor_assets.py

## Debian's Chromium for the browser tests (never a downloaded browser).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

## Optional LDAP sign-in: OpenLDAP's client headers for python-ldap, and slapd for its tests.
ldap-deps: install
	@test -x /usr/sbin/slapd -a -f /usr/include/ldap.h || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slapd ldap-utils libldap2-dev libsasl2-dev)
	$(VENV)/bin/pip install -q -r requirements-ldap.txt

## Load test of the public page and the partner register against a bare Django view.
bench: install
	$(PY) bench/foundation.py

## Public directory search with 20,000 offers in 3 languages (DATABASE_URL=postgresql://… for PostgreSQL).
bench-directory: install
	$(PY) bench/directory.py

## School placement solver vs a plain min-cost flow and deferred acceptance (up to 50,000 × 1,000), and a
## database-in-and-out run for 2,000 children × 100 schools.
bench-placement: install
	$(PY) bench/placement.py
	$(PY) bench/placement_db.py

## Ranking interpreters for a request in a pool of 5,000 volunteers with a year of assignments.
bench-volunteers: install
	$(PY) bench/volunteers.py

## Registration for one popular session under concurrent load on PostgreSQL (req/s, p95, count check).
bench-events: install
	$(PY) bench/events.py

bench-council: install
	$(PY) bench/council.py

## Programme figures from sessions: 200 groups × 36 sessions × 5 years (aim < 200 ms), with the query count.
bench-programmes: install
	$(PY) bench/programmes.py

## The caseworker's start page, staff search and calendar: 5,000 children, 20,000 offers, a year of work (aim p95 < 100 ms).
bench-workspace: install
	$(PY) bench/workspace.py

## First visit on a slow phone: bytes and Largest Contentful Paint of the public pages, cold, in Chromium.
bench-phone: install browser-deps
	$(PY) bench/phone.py --fonts

## A gallery of 200 photos on the same slow phone: bytes before the first scroll and the LCP (issue 23).
bench-gallery: install browser-deps
	$(PY) bench/gallery_phone.py

## The production layout on this machine (own PostgreSQL cluster and Redis, two web servers, two task
## workers), a load test, and the fault drills (docs/operations.md). About two minutes (four the first time); not part of CI.
prod-check: install
	$(PY) bench/prod_check.py

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var staticfiles

## Every benchmark once at a tiny size, so a broken benchmark fails CI (no timing is judged here).
## The list of benchmarks is bench/all.py's BENCHES.
bench-smoke: install
	$(PY) bench/all.py --smoke

## Every benchmark at full size; the table (markdown and JSON, with machine, database and commit) goes to bench/results/.
bench-all: install browser-deps
	$(PY) bench/all.py

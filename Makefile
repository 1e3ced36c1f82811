# Two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# Debian packages the flyer needs (WeasyPrint's Pango and HarfBuzz, fonts with Arabic, Cyrillic
# and Latin glyphs), and what its tests read PDFs and QR codes with.
PRINT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core
PRINT_TEST_PACKAGES := poppler-utils zbar-tools
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | md5sum | cut -c1-12)

.DEFAULT_GOAL := help
.PHONY: install help run test lint check pytest pytest-sqlite pytest-postgres browser-deps html-deps print-deps print-test-deps catalogue-deps messages demo bench-pages clean test-install

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP) ## Create .venv if missing and install the pinned requirements

# The site's catalogues and the apps' own (locale/README.md).
CATALOGUES := locale campaign/locale forms/locale
messages: $(STAMP) ## Compile the translation catalogues of the site and the apps (polib: no GNU gettext needed)
	$(PY) -c "import pathlib, polib; [polib.pofile(str(p)).save_as_mofile(str(p.with_suffix('.mo'))) for d in '$(CATALOGUES)'.split() for p in pathlib.Path(d).glob('*/LC_MESSAGES/*.po')]"

demo: $(STAMP) messages ## Migrate the SQLite database and load the demo campaign (idempotent)
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo

run: demo print-deps ## Set up everything and serve the demo at http://127.0.0.1:$(PORT)/
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

browser-deps: ## Install Debian's chromium for the browser tests when it is missing
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null) \
	      || { echo "Could not install chromium with apt-get." >&2; exit 1; }; \
	  else \
	    echo "The browser tests need Debian's chromium at $(CHROMIUM)." >&2; \
	    echo "Install it as root: apt-get install chromium fonts-noto-core" >&2; exit 1; \
	  fi; \
	fi

# Installs the missing packages of $(1) (what $(3) needs) as root; otherwise says how, and fails
# only when $(2) is "fail".
define apt_install_missing
	@missing="$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done | xargs)"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages for $(3): $$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || { echo "Could not install $$missing with apt-get." >&2; exit 1; }; \
	  else \
	    echo "$(3) needs these Debian packages: $$missing (as root: apt-get install $$missing)." >&2; \
	    [ "$(2)" != "fail" ] || exit 1; \
	  fi; \
	fi
endef

print-deps: ## Install what the flyer needs (Pango, HarfBuzz, Noto fonts) when missing
	$(call apt_install_missing,$(PRINT_PACKAGES),warn,the flyer)

print-test-deps: ## The flyer's packages plus what its tests need (poppler-utils, zbar-tools)
	$(call apt_install_missing,$(PRINT_PACKAGES) $(PRINT_TEST_PACKAGES),fail,the flyer)

catalogue-deps: ## Install GNU gettext (makemessages) when missing: the catalogue tests compare the apps' catalogues with their code
	$(call apt_install_missing,gettext,fail,makemessages)

# The W3C Nu HTML checker (npm vnu-jar, pinned in package-lock.json) and the Java it runs on.
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
html-deps: ## Install Java (Debian) and the Nu HTML checker (npm) for the HTML tests when missing
	@if ! command -v java >/dev/null || ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Java and npm for the HTML checker..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless npm >/dev/null) \
	      || { echo "Could not install default-jre-headless and npm with apt-get." >&2; exit 1; }; \
	  else \
	    echo "The HTML tests need Java and npm. Install them as root: apt-get install default-jre-headless npm" >&2; exit 1; \
	  fi; \
	fi
	@if [ ! -f "$(VNU_JAR)" ] || [ package-lock.json -nt "$(VNU_JAR)" ]; then \
	  echo "Installing the Nu HTML checker (npm ci)..."; \
	  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch "$(VNU_JAR)"; \
	fi

lint: $(STAMP) ## ruff lint and format check, and the import contracts of pyproject.toml
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check: $(STAMP) messages ## Django system checks and missing migrations
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run -v 1

pytest-sqlite: $(STAMP) messages browser-deps html-deps print-test-deps catalogue-deps
	env -u TEST_DATABASE_URL $(VENV)/bin/pytest $(PYTEST_ARGS)

# The browser tests serve their own SQLite copy of the demo, so the PostgreSQL run skips them.
pytest-postgres: $(STAMP) messages html-deps print-test-deps
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== pytest again on PostgreSQL ($$TEST_DATABASE_URL), browser tests excluded"; \
	  $(VENV)/bin/pytest -m "not browser" $(PYTEST_ARGS); \
	else echo "TEST_DATABASE_URL is not set: PostgreSQL run skipped."; fi

test: lint check pytest-sqlite pytest-postgres ## Install what tests need, then ruff, checks and pytest (SQLite, then PostgreSQL when TEST_DATABASE_URL is set)

test-install: $(STAMP) ## Build the wheel, install only it in a new virtualenv and a fresh `wagtail start` site with the README's install blocks, register someone (tests/install/run.py)
	$(PY) tests/install/run.py

bench-pages: $(STAMP) messages ## Requests/s of the campaign page vs a plain page, gunicorn on a throwaway database (BENCH_ARGS="--database-url postgres://...")
	$(PY) bench/pages.py $(BENCH_ARGS)

.PHONY: bench-export
bench-export: $(STAMP) messages ## Registrations export vs stock Wagtail: time and peak memory, CSV and XLSX (BENCH_ARGS="--rows 100000 --large-rows 1000000 --database-url postgres://.../bench_export")
	$(PY) bench/export.py $(BENCH_ARGS)

clean: ## Remove the virtualenv, the npm tools, the SQLite database and collected files
	rm -rf $(VENV) node_modules db.sqlite3 static media

.PHONY: bench-forms
bench-forms: $(STAMP) messages ## Registration form vs a stock Wagtail form (GET req/s), then registrations at 16 clients (POST p50/p95), gunicorn on a throwaway PostgreSQL database (BENCH_ARGS="--database-url postgres://.../bench_forms")
	$(PY) bench/forms.py $(BENCH_ARGS)

.PHONY: bench-flyer
bench-flyer: $(STAMP) messages print-deps ## Time per flyer, poster and social card in the six demo languages, and peak memory (BENCH_ARGS="--database-url postgres://.../bench_flyer")
	$(PY) bench/flyer.py $(BENCH_ARGS)

.PHONY: bench-lighthouse
bench-lighthouse: $(STAMP) messages browser-deps ## Lighthouse SEO and best-practices scores of the home, campaign, theme and form pages, with what they flag (BENCH_ARGS="--languages nl ar")
	@if [ ! -x bench/node_modules/.bin/lighthouse ] || [ bench/package-lock.json -nt bench/node_modules/.bin/lighthouse ]; then \
	  command -v npm >/dev/null || { echo "Lighthouse needs npm: apt-get install npm" >&2; exit 1; }; \
	  echo "Installing Lighthouse (npm ci --prefix bench)..."; \
	  npm ci --prefix bench --no-audit --no-fund --ignore-scripts --loglevel=error && touch bench/node_modules/.bin/lighthouse; \
	fi
	$(PY) bench/lighthouse.py $(BENCH_ARGS)

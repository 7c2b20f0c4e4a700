# Kindred: `make demo` runs it with a demo organisation, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ENV := DEBUG=1 EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend \
	KINDRED_BASE_URL=http://$(HOST):$(PORT) SECURE_COOKIES=0 KINDRED_DEMO=1

AXE := node_modules/axe-core/axe.min.js

.PHONY: demo test lint format install browser clean screenshots messages docs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (never a downloaded browser).
browser:
	@(test -x /usr/bin/chromium && command -v xmlsec1 >/dev/null) || scripts/install-test-packages

demo: $(STAMP)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEMO_ENV) $(BIN)/python manage.py load_demo
	$(DEMO_ENV) scripts/run-demo $(HOST) $(PORT)

# axe-core, which the page tour test injects into every page (npm, pinned in package-lock.json).
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

test: $(STAMP) browser $(AXE)
	KINDRED_TESTING=1 $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	KINDRED_TESTING=1 $(BIN)/mypy kindred bench
	$(BIN)/lint-imports
	KINDRED_TESTING=1 $(BIN)/python -m kindred.lib.untranslated
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# The documentation site at http://127.0.0.1:8001/ (mkdocs.yml), rebuilt as docs/ change.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8001

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The translation catalogues: new marked words into each language's .po
# (translate them there), then the compiled .mo files Django reads. Needs
# GNU gettext (Debian's gettext package).
LOCALES := es fr de pt_BR ja hi ar
messages: $(STAMP)
	KINDRED_TESTING=1 $(BIN)/python manage.py makemessages $(addprefix -l ,$(LOCALES)) \
		--ignore ".venv/*" --ignore "node_modules/*" --ignore "bench/*" --ignore "scripts/*" --no-obsolete
	KINDRED_TESTING=1 $(BIN)/python manage.py compilemessages --ignore ".venv/*"

# Every page of the demo for each role at 1280 and 360 px, in docs/screenshots/;
# the participants' pages again in Arabic and Japanese.
screenshots: $(STAMP) browser
	scripts/install-test-packages fonts
	$(BIN)/python scripts/screenshots.py
	$(BIN)/python scripts/screenshots.py --only mentee --language ar
	$(BIN)/python scripts/screenshots.py --only mentor --language ja

clean:
	rm -rf $(VENV) kindred.sqlite3* staticfiles node_modules site dist

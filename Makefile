# Schakel: `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test serve-prod bench lock messages static-assets docs-settings clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/base.txt requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-virtualenv -r requirements/base.txt -r requirements/dev.txt
	touch $@

run: $(VENV)/.installed
	SCHAKEL_DEMO=true $(BIN)/python manage.py migrate --noinput
	SCHAKEL_DEMO=true $(BIN)/python manage.py load_reference_data
	SCHAKEL_DEMO=true $(BIN)/python manage.py load_demo_data
	SCHAKEL_DEMO=true SCHAKEL_SITE_URL=$${SCHAKEL_SITE_URL:-http://127.0.0.1:$(PORT)} SCHAKEL_EMAIL_CONSOLE=$${SCHAKEL_EMAIL_CONSOLE:-true} PORT=$(PORT) $(BIN)/python manage.py run_demo_server

test: $(VENV)/.installed
	SCHAKEL_ENVIRONMENT=test $(BIN)/python -m pytest $(PYTEST_ARGS)

serve-prod: $(VENV)/.installed
	SCHAKEL_ENVIRONMENT=production $(BIN)/python manage.py check --deploy --fail-level WARNING
	SCHAKEL_ENVIRONMENT=production $(BIN)/python manage.py collectstatic --noinput
	SCHAKEL_ENVIRONMENT=production $(BIN)/gunicorn --config deploy/gunicorn.conf.py schakel.wsgi

bench: $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements/bench.txt
	$(BIN)/python -m bench
	$(BIN)/python -m bench.linkage_persons
	$(BIN)/python -m bench.linkage_db

lock:
	uv pip compile --python-version 3.11 requirements/base.in -o requirements/base.txt
	uv pip compile --python-version 3.11 requirements/dev.in -o requirements/dev.txt
	uv pip compile --python-version 3.11 requirements/bench.in -o requirements/bench.txt

messages: $(VENV)/.installed
	cd src/schakel && ../../$(BIN)/python ../../manage.py makemessages -l en -l pl -l ro -l bg -l uk --no-obsolete
	$(BIN)/python scripts/mark_machine_translations.py
	cd src/schakel && ../../$(BIN)/python ../../manage.py compilemessages

static-assets:
	bash deploy/refresh-vendor-assets.sh

docs-settings: $(VENV)/.installed
	$(BIN)/python manage.py document_settings

clean:
	rm -rf $(VENV) var

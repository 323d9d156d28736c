# Clearway: `make run` starts the app on the demo projects; `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

REPLICAS ?= 2
PGBOUNCER ?= 0

.PHONY: run serve-province test check lint format messages demo-data bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

translations: $(VENV)/.runtime
	$(BIN)/pybabel -q compile -d translations -D messages

run: $(VENV)/.runtime translations
	$(BIN)/python cli.py init-db
	$(BIN)/python cli.py load-demo --if-empty
	$(BIN)/python cli.py ensure-admin
	# The worker beside the app does the long work (imports, field packages, reports, maps, exports) the app queues; it ends with the app.
	$(BIN)/python cli.py worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT) --server.headless true

# A province: REPLICAS Streamlit servers and the jobs worker on DATABASE_URL (PostGIS), HAProxy at
# PORT in front of them (sticky by cookie), PgBouncer on port PGBOUNCER if given. See deploy/.
serve-province: $(VENV)/.runtime translations
	$(BIN)/python deploy/serve_province.py --replicas $(REPLICAS) --port $(PORT) --pgbouncer $(PGBOUNCER)

test: $(VENV)/.dev translations
	bash scripts/system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

check: test

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(VENV)/.runtime
	$(BIN)/python scripts/messages.py

demo-data: $(VENV)/.runtime
	$(BIN)/python scripts/make_demo_data.py

bench: $(VENV)/.dev
	$(BIN)/python bench/overlay.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache

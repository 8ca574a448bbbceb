# The two README commands: `make build` and `make test`.
# Each sets up what it needs (system packages, the virtualenv) and is idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make-stamps

.PHONY: build test validate serve bench mutate clean

build: $(STAMPS)/venv
	$(BIN)/roledocs build

test: $(STAMPS)/venv
	$(BIN)/python -m pytest

validate: $(STAMPS)/venv
	$(BIN)/roledocs validate

serve: $(STAMPS)/venv
	$(BIN)/mkdocs serve

bench: $(STAMPS)/venv
	$(BIN)/python benchmarks/validate.py

# Deliberate bugs in the knowledge-base code, one at a time: does a test notice? (slow; not in CI)
mutate: $(STAMPS)/venv
	$(BIN)/python scripts/mutate.py

$(STAMPS)/system: scripts/system-deps.sh
	bash scripts/system-deps.sh
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/venv: pyproject.toml $(STAMPS)/system
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# an editable install leaves roledocs's own modules uncompiled: with PYTHONDONTWRITEBYTECODE set
	# (CI machines) every command would compile them again (~0.3 s of a 1,000-role lint)
	$(BIN)/python -m compileall -q src
	@mkdir -p $(STAMPS) && touch $@

clean:
	rm -rf $(VENV) $(STAMPS) site artifacts .roledocs-cache

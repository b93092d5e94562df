# The two entry points of the README. Both set themselves up from scratch:
# a virtualenv in .venv with the CPU build of torch pinned to 2.13.0.
#   make demo   pretrain on the synthetic set and print the test accuracy
#   make test   run the test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
TORCH_VERSION ?= 2.13.0
DEMO_DIR ?= work_dirs/demo

.PHONY: demo test setup clean-venv

$(VENV)/.installed: setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==$(TORCH_VERSION)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

test: $(VENV)/.installed
	$(PY) -m pytest -q tests

demo: $(VENV)/.installed
	$(PY) tools/demo.py --work-dir $(DEMO_DIR)

clean-venv:
	rm -rf $(VENV)

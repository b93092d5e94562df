# The two entry points of the README. Both set themselves up from scratch:
# a virtualenv in .venv with the CPU build of torch pinned to 2.13.0.
#   make demo   pretrain AimCLR on the synthetic set, linear-evaluate it and
#               print the test accuracy (and that of a random encoder)
#   make test   run the test suite
#   make demo-supervised   supervised ST-GCN on the synthetic set
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
TORCH_VERSION ?= 2.13.0
DEMO_DIR ?= work_dirs/demo

.PHONY: demo demo-supervised test setup clean-venv

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

demo-supervised: $(VENV)/.installed
	$(PY) tools/demo.py --supervised --work-dir $(DEMO_DIR)

clean-venv:
	rm -rf $(VENV)

# The two entry points of the README. Both set themselves up from scratch:
# a virtualenv in .venv with the CPU build of torch pinned to 2.13.0.
#   make demo   pretrain AimCLR on the hard synthetic set, evaluate it and a
#               random encoder (KNN, fair linear probe, the paper's linear)
#               next to supervised ST-GCN; DEMO_SEED=1 for another seed
#   make test   run the test suite
#   make demo-supervised   supervised ST-GCN on the synthetic set
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
TORCH_VERSION ?= 2.13.0
DEMO_DIR ?= work_dirs/demo
DEMO_SEED ?= 0

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
	$(PY) tools/demo.py --work-dir $(DEMO_DIR) --seed $(DEMO_SEED)

demo-supervised: $(VENV)/.installed
	$(PY) tools/demo.py --supervised --work-dir $(DEMO_DIR) --seed $(DEMO_SEED)

clean-venv:
	rm -rf $(VENV)

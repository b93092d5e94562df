"""Packages list their exports explicitly, and registries still import
their locations lazily."""
import importlib
import subprocess
import sys

import pytest

PACKAGES = [
    'skelact.models', 'skelact.models.algorithms', 'skelact.models.backbones',
    'skelact.models.data_preprocessors', 'skelact.models.heads',
    'skelact.models.layers', 'skelact.models.losses', 'skelact.models.necks',
    'skelact.evaluation', 'skelact.evaluation.metrics', 'skelact.engine',
    'skelact.structures', 'skelact.utils', 'skelact.utils.converters'
]


@pytest.mark.parametrize('name', PACKAGES)
def test_every_listed_name_exists(name):
    pkg = importlib.import_module(name)
    assert pkg.__all__, name
    missing = [n for n in pkg.__all__ if not hasattr(pkg, n)]
    assert not missing, missing
    assert len(set(pkg.__all__)) == len(pkg.__all__)


def test_top_level_names():
    from skelact.models import (STGCN, AimCLR, DSTformer,  # noqa: F401
                                GlobalAveragePooling, VolumeDataPreprocessor)
    from skelact.utils import DataError, unwrap  # noqa: F401
    from skelact.datasets.base import DataError as D
    assert D is DataError


def test_registries_import_their_locations_lazily():
    code = ('from skelact.registry import MODELS, METRICS, LOOPS\n'
            'import sys\n'
            'assert "skelact.models" not in sys.modules\n'
            'MODELS.build(dict(type="GlobalAveragePooling"))\n'
            'assert MODELS.get("VolumeDataPreprocessor") is not None\n'
            'assert METRICS.get("AccMetric") is not None\n'
            'assert LOOPS.get("KNNTestLoop") is not None\n')
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]

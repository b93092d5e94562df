"""The restricted unpickler admits plain data only."""
import collections
import pickle

import numpy as np
import pytest

from skelact.utils.safe_pickle import (UnsafePickleError, safe_load_pickle,
                                       safe_loads)


@pytest.mark.parametrize('protocol', range(pickle.HIGHEST_PROTOCOL + 1))
def test_plain_data_round_trip(protocol):
    obj = dict(a=np.arange(6, dtype=np.float32).reshape(2, 3),
               b=[1, 'x', (2.5, None, True)], s=np.float16(1.5),
               i=np.int64(2 ** 60), dt=np.dtype('<i4'), by=b'\x00\xff',
               names=np.array(['ab', 'c']), st={1, 2}, fs=frozenset('a'),
               od=collections.OrderedDict(k=1), c=complex(1, 2),
               big=12345678901234567)
    out = safe_loads(pickle.dumps(obj, protocol=protocol))
    assert out.keys() == obj.keys()
    np.testing.assert_array_equal(out['a'], obj['a'])
    assert out['a'].dtype == np.float32
    assert out['i'] == 2 ** 60 and out['dt'] == np.dtype('<i4')
    assert out['by'] == b'\x00\xff' and out['big'] == 12345678901234567
    assert out['b'] == obj['b'] and out['od'] == obj['od']


class _Reduce:
    def __init__(self, fn, args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return self.fn, self.args


@pytest.mark.parametrize('fn', ['os.system', 'builtins.eval',
                                'builtins.getattr', 'subprocess.call'])
def test_hostile_globals_refused_without_running(tmp_path, fn):
    import importlib
    mod, name = fn.rsplit('.', 1)
    target = getattr(importlib.import_module(mod), name)
    marker = tmp_path / 'ran'
    args = {'os.system': (f'touch {marker}',),
            'subprocess.call': (['touch', str(marker)],),
            'builtins.eval': (f'open({str(marker)!r}, "w")',),
            'builtins.getattr': (str, 'join')}[fn]
    path = tmp_path / 'evil.pkl'
    with open(path, 'wb') as f:
        pickle.dump({'annotations': [_Reduce(target, args)]}, f)
    with pytest.raises(UnsafePickleError) as e:
        safe_load_pickle(str(path))
    msg = str(e.value)
    assert str(path) in msg and name in msg
    assert not marker.exists()


def test_object_arrays_are_checked_too():
    arr = np.empty(1, dtype=object)
    arr[0] = _Reduce(print, ('hi',))
    with pytest.raises(UnsafePickleError, match='print'):
        safe_loads(pickle.dumps(arr))


def test_other_classes_refused():
    with pytest.raises(UnsafePickleError, match='collections.Counter'):
        safe_loads(pickle.dumps(collections.Counter('aab')))

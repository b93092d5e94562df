"""The model zoo: a metafile per method folder, the generated files in
step with the metafiles, the ``skelact`` command, zoo names in
init_model."""
import os.path as osp
import sys

import pytest

from skelact.zoo import find_model, load_models, method_dirs, repo_root
from skelact.zoo.cli import main as zoo_main

ROOT = repo_root()


def test_every_method_folder_has_a_metafile():
    missing = [m for m in method_dirs()
               if not osp.isfile(osp.join(ROOT, 'configs', m,
                                          'metafile.yml'))]
    assert not missing, (f'configs/{{{",".join(missing)}}}/ have no '
                         'metafile.yml (mmpretrain layout, see '
                         'configs/aimclr/metafile.yml)')


def test_metafile_configs_exist_and_results_are_numbers():
    models = load_models()
    assert len(models) > 50
    for m in models:
        assert osp.isfile(m['config']), (m['metafile'], m['config_rel'])
        for r in m['results']:
            top1 = r['Metrics']['Top 1 Accuracy']
            assert 0 <= float(top1) <= 100, (m['name'], r)
            assert r.get('Source') and r.get('Protocol'), (m['name'], r)


def test_generated_files_match_the_metafiles():
    sys.path.insert(0, osp.join(ROOT, 'tools', 'misc'))
    try:
        from gen_model_zoo import expected_files
    finally:
        sys.path.pop(0)
    for path, text in expected_files(ROOT).items():
        with open(path, encoding='utf-8') as f:
            assert f.read() == text, (
                f'{path} is out of date: python tools/misc/gen_model_zoo.py')


def test_list_shows_every_method(capsys):
    assert zoo_main(['list']) == 0
    out = capsys.readouterr().out
    for m in load_models():
        assert m['name'] in out
    with_meta = [m for m in method_dirs() if osp.isfile(
        osp.join(ROOT, 'configs', m, 'metafile.yml'))]
    assert f'{len(with_meta)} methods' in out


def test_list_filters_and_show(capsys):
    assert zoo_main(['list', '--method', 'aimclr', '--dataset',
                     'NTU-60 xsub']) == 0
    out = capsys.readouterr().out
    assert 'aimclr_stgcn_ntu60_xsub ' in out and '74.3' in out
    assert 'skeletonclr_' not in out and 'ntu120' not in out
    assert zoo_main(['show', 'aimclr_stgcn_ntu60_xsub']) == 0
    out = capsys.readouterr().out
    assert 'configs/aimclr/stgcn_ntu60_xsub.py' in out
    assert '--source aimclr' in out and '79.18' in out


def test_unknown_name_suggests_the_nearest(monkeypatch, capsys):
    monkeypatch.delenv('SKELACT_TRACEBACK', raising=False)
    with pytest.raises(ValueError, match='did you mean aimclr_stgcn_ntu60'
                       '_xsub'):
        find_model('aimclr_stgcn_ntu60_xsb')
    with pytest.raises(SystemExit) as e:
        zoo_main(['show', 'aimclr_stgcn_ntu60_xsb'])
    assert e.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith('skelact: error:')
    assert 'did you mean aimclr_stgcn_ntu60_xsub' in err
    assert len(err.splitlines()) == 1


def test_init_model_by_zoo_name():
    from skelact.apis import init_model
    model = init_model('stgcn_stgcn_synthetic_xsub')
    assert type(model).__name__ == 'Recognizer'
    assert model.cfg.model.head.num_classes == 10
    with pytest.raises(ValueError, match='did you mean'):
        init_model('stgcn_stgcn_synthetic_xsb')

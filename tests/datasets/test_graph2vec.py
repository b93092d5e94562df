"""graph2vec: discretisation, WL words of a tiny graph (by hand), the
missing-extra error, the embedding tool's cache / resume / refusal, and the
embedding dataset."""
import hashlib
import os.path as osp
import sys

import numpy as np
import pytest

from skelact.datasets.graph2vec import (INSTALL_HINT, GraphExtraMissing,
                                        node_labels, quantise, require)
from skelact.skeletons import SkeletonLayout

# a 3-joint chain 0 - 1 - 2, centre 1
CHAIN = SkeletonLayout(name='chain3', joints=('a', 'b', 'c'),
                       bones=((0, 1), (1, 1), (2, 1)), flip_pairs=(),
                       center=1)
FRAME = np.array([[0.05, 1.0, 2.0], [0.0, 0.5, 2.0], [-0.05, 1.0, 2.0]])
NEEDS_GENSIM = f'needs gensim: {INSTALL_HINT}'


def _h(text, size=8):
    return hashlib.blake2b(text.encode('ascii'), digest_size=size).hexdigest()


def test_quantise_and_labels_by_hand():
    # centered: minus joint 1, floored to 0.2 m bins
    c = quantise(FRAME, CHAIN, 'centered', 0.2)
    assert c.tolist() == [[0, 2, 0], [0, 0, 0], [-1, 2, 0]]
    assert node_labels(c, 'centered') == ['0:0,2,0', '1:0,0,0', '2:-1,2,0']
    # bone: joint minus parent (the centre is its own parent: zeros)
    b = quantise(FRAME, CHAIN, 'bone', 0.2)
    assert b.tolist() == c.tolist()
    # coords: raw coordinates, no joint index
    r = quantise(FRAME, CHAIN, 'coords', 0.5)
    assert node_labels(r, 'coords') == ['0,2,4', '0,1,4', '-1,2,4']
    with pytest.raises(ValueError, match='node_label'):
        quantise(FRAME, CHAIN, 'offsets')
    with pytest.raises(ValueError, match='bin_size'):
        quantise(FRAME, CHAIN, 'centered', 0)


def test_wl_words_of_a_tiny_graph_by_hand():
    pytest.importorskip('networkx', reason=f'needs networkx: {INSTALL_HINT}')
    from skelact.datasets.graph2vec import SkeletonGraph
    g = SkeletonGraph(CHAIN, node_label='coords', bin_size=0.5,
                      wl_iterations=2, digest_size=8)
    words = g.words(FRAME[None])[0]
    l0, l1, l2 = '0,2,4', '0,1,4', '-1,2,4'
    d1 = [_h(l0 + l1), _h(l1 + ''.join(sorted([l0, l2]))), _h(l2 + l1)]
    d2 = [_h(d1[0] + d1[1]), _h(d1[1] + ''.join(sorted([d1[0], d1[2]]))),
          _h(d1[2] + d1[1])]
    assert words == [_h(l0), _h(l1), _h(l2)] + d1 + d2
    # joint-free labels: the two end joints of a symmetric pose share words
    sym = FRAME.copy()
    sym[2, 0] = FRAME[0, 0]
    w = g.words(sym[None])[0]
    assert w[0] == w[2] and w[3] == w[5] and w[6] == w[8]
    # the joint index tells them apart under 'centered'
    gc = SkeletonGraph(CHAIN, node_label='centered', bin_size=0.2)
    wc = gc.words(sym[None])[0]
    assert len(wc) == 9 and wc[0] != wc[2]
    with pytest.raises(ValueError, match='wl_iterations'):
        SkeletonGraph(CHAIN, wl_iterations=0)


def test_missing_extra_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, 'gensim', None)
    monkeypatch.setitem(sys.modules, 'gensim.models.doc2vec', None)
    with pytest.raises(GraphExtraMissing, match=r"pip install -e '\.\[graph\]'"):
        require('gensim.models.doc2vec')
    from skelact.datasets.graph2vec import Graph2VecEmbedder
    with pytest.raises(ImportError, match='gensim'):
        Graph2VecEmbedder()


def _tiny_source():
    from skelact.datasets.graph2vec import EmbedSource
    args = dict(type='SyntheticDataset', num_classes=2, num_subjects=4,
                num_cameras=1, samples_per_class_subject_camera=1)
    return EmbedSource({'xsub_train': dict(args, split='xsub_train'),
                        'xsub_val': dict(args, split='xsub_val')})


def _embedder(**kw):
    from skelact.datasets.graph2vec import Graph2VecEmbedder
    args = dict(num_frames=4, frame_select='first', workers=1, chunk_size=3,
                progress=False,
                doc2vec=dict(vector_size=8, epochs=2, min_count=1))
    args.update(kw)
    return Graph2VecEmbedder(**args)


def test_embed_resume_refuse_and_read_back(tmp_path, monkeypatch):
    pytest.importorskip('gensim', reason=NEEDS_GENSIM)
    from skelact.datasets import GraphEmbeddingDataset
    from skelact.datasets.graph2vec import OutputExists, embed
    src = _tiny_source()
    assert len(src) == 8 and sorted(src.splits) == ['xsub_train', 'xsub_val']
    out = str(tmp_path / 'emb')
    # interrupted after the WL chunks: the chunks stay in the cache
    monkeypatch.setattr(embed.Graph2VecEmbedder, '_corpus_stage',
                        lambda self, cache: (_ for _ in ()).throw(
                            KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        _embedder().run(src, out)
    monkeypatch.undo()
    assert not osp.exists(out) and osp.isdir(out + '.cache')
    # a different setting does not reuse that cache
    with pytest.raises(ValueError, match='bin_size'):
        _embedder(graph=dict(bin_size=0.5)).run(src, out)
    report = _embedder().run(src, out)
    wl = report['stages']['wl']
    assert wl['chunks'] == 3 and wl['chunks_cached'] == 3
    assert not osp.exists(out + '.cache')
    emb = np.load(osp.join(out, 'embedding.npy'))
    assert emb.shape == (8 * 4, 1, 8)
    assert np.abs(emb).sum(-1).min() > 0          # every first frame exists
    with pytest.raises(OutputExists, match='--overwrite'):
        _embedder().run(src, out)
    # read back: 4 frames, the second class only after excluding the first
    ds = GraphEmbeddingDataset(out, split='xsub_val', num_frames=4,
                               frame_select='first')
    rec = ds.get_data_info(0)
    assert rec['embedding'].shape == (4, 8) and len(ds) == 4
    i = src.splits['xsub_val'][0]
    assert np.array_equal(rec['embedding'], emb[i * 4:(i + 1) * 4, 0])
    one = GraphEmbeddingDataset(out, split='xsub_val', num_frames=4,
                                frame_select='first', exclude_classes=[0])
    assert one.num_classes == 1 and len(one) == 2
    with pytest.raises(Exception, match='frame_select'):
        GraphEmbeddingDataset(out, split='xsub_val', num_frames=60,
                              frame_select='stride').full_init()


def test_all_frames_folder_is_selected_at_read_time(tmp_path):
    pytest.importorskip('gensim', reason=NEEDS_GENSIM)
    from skelact.datasets import GraphEmbeddingDataset
    src = _tiny_source()
    out = str(tmp_path / 'all')
    _embedder(frame_select='all', chunk_size=8).run(src, out)
    emb = np.load(osp.join(out, 'embedding.npy'))
    frames = [r['total_frames'] for r in src.records]
    assert emb.shape == (sum(frames), 1, 8)
    ds = GraphEmbeddingDataset(out, split=None, num_frames=60,
                               frame_select='stride', window=300)
    rec = ds.get_data_info(0)
    seq = emb[:frames[0], 0]
    assert rec['embedding'].shape == (60, 8)
    n = (frames[0] + 4) // 5
    assert np.array_equal(rec['embedding'][:n], seq[::5])
    assert not rec['embedding'][n:].any()          # padding: zero vectors

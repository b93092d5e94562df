"""File formats, each with its reader and writer.

The bottom layer of :mod:`skelact.datasets`: these modules import only
numpy, :mod:`skelact.skeletons`, :mod:`skelact.datasets.ntu_meta`,
:mod:`skelact.utils.safe_pickle` and :mod:`skelact.utils.errors` -- never a
dataset class, a transform or the registry.

- :mod:`.aimclr`: AimCLR / CrosSCLR ``<split>_position.npy`` (N, C, T, V, M)
  + ``<split>_label.pkl``;
- :mod:`.pyskl`: the pyskl / mmaction2 annotation pickle;
- :mod:`.ctrgcn`: the CTR-GCN / SGN ``.npz``;
- :mod:`.skelact`: skelact's own memory-mapped folder;
- :mod:`.embedding`: per-frame embeddings (graph2vec) in the same layout.
"""
from .aimclr import (aimclr_files, aimclr_sample, check_aimclr_array,
                     read_aimclr_labels, valid_frames, write_aimclr)
from .embedding import (EMBEDDING_FORMAT, EmbeddingWriter, open_embedding,
                        read_embedding_meta)
from .ctrgcn import (CTRGCN_PARTS, check_ctrgcn_array, ctrgcn_sample,
                     npz_member_memmap, read_ctrgcn_labels, write_ctrgcn)
from .pyskl import (pyskl_sample, pyskl_to_skelact, read_pyskl,
                    select_pyskl_split, write_pyskl)
from .skelact import (SkelactWriter, open_skelact_arrays, read_skelact_index,
                      read_skelact_meta, read_skelact_split, skelact_sample,
                      write_skelact)

__all__ = [
    'aimclr_files', 'aimclr_sample', 'check_aimclr_array',
    'read_aimclr_labels', 'valid_frames', 'write_aimclr',
    'CTRGCN_PARTS', 'check_ctrgcn_array', 'ctrgcn_sample',
    'npz_member_memmap', 'read_ctrgcn_labels', 'write_ctrgcn',
    'pyskl_sample', 'pyskl_to_skelact', 'read_pyskl', 'select_pyskl_split',
    'write_pyskl',
    'SkelactWriter', 'open_skelact_arrays', 'read_skelact_index',
    'read_skelact_meta', 'read_skelact_split', 'skelact_sample',
    'write_skelact',
    'EMBEDDING_FORMAT', 'EmbeddingWriter', 'open_embedding',
    'read_embedding_meta',
]

"""Raw-data preparation: NTU RGB+D ``.skeleton`` parsing
(:mod:`.ntu_skeleton`), denoising and tracking (:mod:`.ntu_denoise`), the
NTU pipeline with its cache (:mod:`.ntu`), PKU-MMD (:mod:`.pku_mmd`), the
parallel runner (:mod:`.runner`) and the writing of the datasets and the
report (:mod:`.export`). Used by ``tools/data/prepare_ntu.py`` and
``tools/data/prepare_pku_mmd.py``.
"""
from .export import (aimclr_transform, output_summary,
                     write_benchmark_outputs, write_report)
from .ntu import (cache_path, find_skeleton_files, load_cached, prepare_ntu,
                  process_skeleton_file)
from .ntu_denoise import DENOISE_DEFAULTS, denoise_bodies, skeleton_to_keypoint
from .ntu_skeleton import SkeletonFileError, read_skeleton, read_skeleton_file
from .pku_mmd import (VIEWS, PKUFileError, cut_clips, prepare_pku_mmd,
                      read_pku_labels, read_pku_skeleton, read_pku_split)
from .runner import run_parallel

__all__ = [
    'SkeletonFileError', 'read_skeleton', 'read_skeleton_file',
    'DENOISE_DEFAULTS', 'denoise_bodies', 'skeleton_to_keypoint',
    'process_skeleton_file', 'find_skeleton_files', 'cache_path',
    'load_cached', 'prepare_ntu',
    'PKUFileError', 'read_pku_skeleton', 'read_pku_labels', 'read_pku_split',
    'cut_clips', 'prepare_pku_mmd', 'VIEWS',
    'run_parallel', 'aimclr_transform', 'write_benchmark_outputs',
    'output_summary', 'write_report',
]

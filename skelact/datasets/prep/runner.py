"""The parallel runner of the preparation tools: a process pool with a
progress bar that yields results in completion order."""
import multiprocessing as mp
import os
from typing import Sequence

from tqdm import tqdm

__all__ = ['run_parallel']


def run_parallel(func, jobs: Sequence, workers: int = 2,
                 desc: str = 'files', progress: bool = True,
                 chunksize: int = 8):
    """Yield ``func(job)`` for every job, in completion order, over a pool
    of ``workers`` processes (``0``: in this process) with a tqdm bar."""
    bar = None
    if progress:
        bar = tqdm(total=len(jobs), desc=desc, unit='file', smoothing=0.05)
    try:
        if workers <= 0:
            it = map(func, jobs)
            pool = None
        else:
            pool = mp.get_context('fork' if hasattr(os, 'fork')
                                  else 'spawn').Pool(workers)
            it = pool.imap_unordered(func, jobs, chunksize=chunksize)
        for out in it:
            if bar is not None:
                bar.update(1)
            yield out
        if pool is not None:
            pool.close()
            pool.join()
    finally:
        if bar is not None:
            bar.close()

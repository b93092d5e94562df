"""Training-state hooks: the momentum update of a key encoder, the
memory-bank queue, training-stage switches, the RNG states in every
checkpoint, the non-finite guard and periodic KNN and linear evaluation.
Models declare the hooks they need (:mod:`.required`); importing this
package registers them all."""
from .checkpoint import AtomicCheckpointHook, save_checkpoint_atomically
from .contrastive_stage import ContrastiveStageHook
from .cross_view_stage import CrossViewStageHook
from .knn_eval import KNNEvalHook
from .linear_eval import LinearEvalHook
from .memory_bank import MemoryBankHook
from .momentum_update import MomentumUpdateHook
from .nnm_switch import NNMSwitchHook
from .non_finite import NonFiniteError, NonFiniteGuardHook
from .required import (MissingHookError, add_required_hooks, missing_hooks,
                       verify_required_hooks)
from .rng_state import RNGStateHook

__all__ = ['AtomicCheckpointHook', 'save_checkpoint_atomically',
           'KNNEvalHook', 'LinearEvalHook', 'MemoryBankHook',
           'MomentumUpdateHook',
           'NNMSwitchHook', 'ContrastiveStageHook', 'CrossViewStageHook',
           'RNGStateHook',
           'NonFiniteGuardHook',
           'NonFiniteError', 'MissingHookError',
           'add_required_hooks', 'missing_hooks', 'verify_required_hooks']

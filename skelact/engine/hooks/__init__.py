"""Training-state hooks: the momentum update of a key encoder, the
memory-bank queue, training-stage switches, the RNG states in every
checkpoint and periodic KNN evaluation. Models declare the hooks they need
(:mod:`.required`); importing this package registers them all."""
from .knn_eval import KNNEvalHook
from .memory_bank import MemoryBankHook
from .momentum_update import MomentumUpdateHook
from .nnm_switch import NNMSwitchHook
from .required import (MissingHookError, add_required_hooks, missing_hooks,
                       verify_required_hooks)
from .rng_state import RNGStateHook

__all__ = ['KNNEvalHook', 'MemoryBankHook', 'MomentumUpdateHook',
           'NNMSwitchHook', 'RNGStateHook', 'MissingHookError',
           'add_required_hooks', 'missing_hooks', 'verify_required_hooks']

"""High-level APIs: evaluation protocols derived from a pretraining config,
checkpoint checks (and, next, model initialisation, inference and feature
extraction)."""
from .checkpoint_guard import check_checkpoint, saved_run
from .protocols import (ProtocolError, derive_protocol, encoder_info,
                        list_protocols, model_class, protocol_dir)

__all__ = ['ProtocolError', 'derive_protocol', 'encoder_info',
           'list_protocols', 'model_class', 'protocol_dir',
           'check_checkpoint', 'saved_run']

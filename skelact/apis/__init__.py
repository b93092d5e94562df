"""High-level APIs: evaluation protocols derived from a pretraining config,
checkpoint checks, model initialisation, inference and feature
extraction."""
from .checkpoint_guard import check_checkpoint, saved_run
from .inference import (InferenceResult, class_names, extract_features,
                        inference_skeleton, init_model, model_input_layout)
from .keypoint_input import check_joint_count, keypoint_record, load_keypoints
from .protocols import (ProtocolError, derive_protocol, encoder_info,
                        list_protocols, model_class, protocol_dir)

__all__ = ['ProtocolError', 'derive_protocol', 'encoder_info',
           'list_protocols', 'model_class', 'protocol_dir',
           'check_checkpoint', 'saved_run', 'init_model',
           'inference_skeleton', 'extract_features', 'InferenceResult',
           'class_names', 'model_input_layout', 'keypoint_record',
           'load_keypoints', 'check_joint_count']

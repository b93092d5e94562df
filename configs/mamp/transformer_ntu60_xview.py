# MAMP pretraining on NTU RGB+D 60 cross-view (configs/mamp/README.md): the
# authors' config/ntu60_xview_joint/pretrain_mamp_t120_layer8+3_mask90.yaml, joint stream,
# motion-aware masking tau 0.8, a 3-block decoder.
# Protocols: --protocol linear|knn|finetune|semi1|semi10|actionhead (MAMP's
# settings: protocol_settings in configs/_base_/methods/mamp.py).
_base_ = ['../_base_/methods/mamp.py',
          '../_base_/datasets/ntu60_xview_ctrgcn.py']
# the arrays as the authors read them (no normalisation)
preprocess = []
model = dict(decoder=dict(depth=3), motion_aware_tau=0.8)
train_dataloader = dict(dataset=dict(**_base_.train_dataset,
                                     pipeline=_base_.mamp_train_pipeline))

# TransAimCLR pretraining on NTU RGB+D 60 cross-subject (seed 000, the
# report's 44.05 % run): AimCLR with MAMP's vanilla skeleton transformer
# (depth 8, dim 256, 8 heads, MLP 4, 4-frame patches, LayerNorm eps 1e-5;
# 50 frames floored to 12 patches as MAMP's patch embedding does), MAMP's
# AdamW (0.9, 0.95), lr 1e-3, wd 0.05 (none on biases and norms), 20 warm-up
# epochs, half-cosine to 5e-4, 500 epochs, NNM off
# (configs/transaimclr/README.md).
# Protocols: --protocol linear|knn|actionhead|semi1|semi10|finetune.
_base_ = ['../_base_/methods/transaimclr.py',
          '../_base_/datasets/ntu60_xsub.py']
preprocess = _base_.preprocess + _base_.resize_to_patches
train_dataloader = dict(dataset=dict(
    **_base_.train_dataset, pipeline=preprocess + _base_.train_pipeline))

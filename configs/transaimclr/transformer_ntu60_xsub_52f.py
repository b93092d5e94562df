# TransAimCLR with AimCLR's 50 frames resized to 52 (13 temporal patches of
# 4, every frame embedded) instead of MAMP's floor (12 patches, frames
# 48-49 unused; transformer_ntu60_xsub.py). skelact's alternative, not the
# report's: the resize is part of `preprocess`, so every derived protocol
# resizes too. Otherwise as transformer_ntu60_xsub.py.
_base_ = ['./transformer_ntu60_xsub.py']
num_frames = 52
model = dict(backbone=dict(num_frames=num_frames, t_remainder='error'))
resize_to_patches = [dict(type='ResizeFrames', length=num_frames)]
preprocess = _base_.preprocess + resize_to_patches
train_dataloader = dict(dataset=dict(
    pipeline=preprocess + _base_.train_pipeline))
